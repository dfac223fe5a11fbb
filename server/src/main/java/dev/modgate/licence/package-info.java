/**
 * Licence detection as pkg.go.dev does it (issue 15, item 5): which files of a module zip are licence files
 * ({@link dev.modgate.licence.LicenceFileNames}: pkgsite's names, root = the module's licence, subdirectories =
 * packages', nested {@code vendor/} skipped, 16 MiB limit), what each one is ({@link dev.modgate.licence.LicenceMatcher}:
 * SPDX identifiers and a coverage figure, UNKNOWN below 75%), and whether the module is redistributable
 * ({@link dev.modgate.licence.Redistributable}: pkgsite's allow list, failing closed).
 * {@link dev.modgate.licence.LicenceDetector} puts them together over a zip (a file or a stream), cached by the
 * licence file's hash; {@link dev.modgate.licence.LicenceQueue} runs it off the request path, one background thread
 * detecting versions as they are queued, readers asking what is known without waiting or for a future of the answer.
 *
 * <p>The matcher is a compact one in the style of google/licensecheck (no SPDX library is available offline here):
 * texts are reduced to words (copyright lines, punctuation, markup and line breaks dropped) and a licence is found
 * where most of its standard text's word trigrams occur together. It knows the licences under
 * {@code resources/dev/modgate/licence/texts/} (see the README there for where each text comes from). A licence it does
 * not know leaves its file UNKNOWN, as a licence licensecheck does not know does for pkgsite.
 *
 * <p>Cost (LicenceMatcherTest prints it; 2 shared cores, so take the order, not the digits): building the matcher
 * reads its 18 texts in 60-260 ms; a scan costs 0.4-1 ms for an MIT or BSD file, 2-2.5 ms for Apache-2.0 and 3-5 ms
 * for GPL-3.0 (35 KB); a text already seen costs one SHA-256 (the detector's cache). On Debian's corpus of 177 real
 * licence files (bench/licence-accuracy) the average was 2 ms per file.
 *
 * <p>Accuracy: bench/licence-accuracy compares detection with the licence that Debian's DEP-5 files name for the
 * upstream tree; 172 of 177 files agree exactly, and each of the 5 others was checked by hand and found right
 * (README, "Licences"): the file holds more than Debian's summary says, or Debian's summary is wrong.
 *
 * <p>May use: the JDK and Caffeine only. Nothing here reads storage or the network: callers hand it a zip.
 */
package dev.modgate.licence;
