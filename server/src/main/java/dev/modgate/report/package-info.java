/**
 * {@code modgate report}: what a project's build list is made of, module by module: the version used and the newest
 * the proxy lists, retraction and deprecation (from the module's latest go.mod, as the go command reads them), the
 * vulnerability database's entries (a module-level match), and the policy's decision. {@link
 * dev.modgate.report.ReportBuilder} asks a {@link dev.modgate.prefetch.ModuleFetcher} (the module chain in this
 * process, or a running modgate over HTTP) and a {@link dev.modgate.vuln.VulnIndex}; {@link
 * dev.modgate.report.TextReport}, {@link dev.modgate.report.JsonReport} and {@link dev.modgate.report.SarifReport}
 * write the result.
 *
 * <p>May use: core, prefetch (the build list as prefetch computes it, the fetchers), vuln. Not the policy package:
 * the command line passes decisions in as {@link dev.modgate.report.Decisions}. Only the command line uses it.
 *
 * <p>A reader must know: licences are not reported yet.
 */
package dev.modgate.report;
