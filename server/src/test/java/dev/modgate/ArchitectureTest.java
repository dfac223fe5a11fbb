package dev.modgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.modgate.storage.Storage;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (issue 13): no package cycles in the server or in core, core uses nothing but the JDK,
 * and the lower packages (auth, net, config, storage, git) do not reach up. Production classes only: tests may reach
 * across packages. A failure lists each offending dependency with its class and line.
 */
class ArchitectureTest {
    /** The server's classes and, from its dependency jar, core's. */
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.modgate");

    /** Core is a module of its own, on the server's class path as a jar. */
    private static final JavaClasses CORE = ALL.that(JavaClass.Predicates.resideInAPackage("dev.modgate.core.."));

    @Test
    void theImportFoundBothModules() {
        // Otherwise every rule below would pass on nothing.
        assertThat(CORE.size()).as("core classes").isGreaterThan(100);
        assertThat(CORE.contain("dev.modgate.core.module.ModulePath")).isTrue();
        assertThat(ALL.contain("dev.modgate.http.ModgateServer")).isTrue();
        assertThat(ALL.contain("dev.modgate.net.Outbound")).isTrue();
    }

    @Test
    void artifactsAreReachedOnlyThroughTheStorageInterface() {
        noClasses().that().resideOutsideOfPackage("dev.modgate.storage..")
                .should().callMethodWhere(DescribedPredicate.describe("a method of a Storage returning a file's path",
                        call -> call.getTargetOwner().isAssignableTo(Storage.class)
                                && call.getTarget().getRawReturnType().isEquivalentTo(java.nio.file.Path.class)))
                .because("an artifact's place is the storage's business (an object store has no paths): use Storage's operations")
                .check(ALL);
    }

    @Test
    void serverPackagesHaveNoCycles() {
        slices().matching("dev.modgate.(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a package that needs one above it belongs lower down, or the two are one package")
                .check(ALL);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("dev.modgate.core.(**)").namingSlices("core.$1")
                .should().beFreeOfCycles()
                .check(CORE);
    }

    @Test
    void coreUsesOnlyTheJdk() {
        classes().that().resideInAPackage("dev.modgate.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.modgate.core..")
                .because("core is a library like golang.org/x/mod: usable from anywhere, with no framework under it")
                .check(CORE);
    }

    @Test
    void netUsesOnlyTheJdkAuthAndCore() {
        classes().that().resideInAPackage("dev.modgate.net..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "dev.modgate.net..",
                        "dev.modgate.auth..", "dev.modgate.core..")
                .because("outbound HTTP lies under everything that fetches (see dev.modgate.net's package-info)")
                .check(ALL);
    }

    @Test
    void authUsesOnlyTheJdkAndCore() {
        classes().that().resideInAPackage("dev.modgate.auth..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.modgate.auth..", "dev.modgate.core..")
                .because("credentials are looked up by everything that connects, net included")
                .check(ALL);
    }

    @Test
    void configUsesNoPackageThatReadsConfiguration() {
        classes().that().resideInAPackage("dev.modgate.config..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.modgate.config..",
                        "dev.modgate.auth..", "dev.modgate.core..", "dev.modgate.net..")
                .because("configuration is read by the other packages, so it cannot use them")
                .check(ALL);
    }

    @Test
    void storageAndGitDoNotReachUp() {
        noClasses().that().resideInAnyPackage("dev.modgate.storage..", "dev.modgate.git..", "dev.modgate.net..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.modgate.source..", "dev.modgate.discovery..",
                        "dev.modgate.fetch..", "dev.modgate.sumdb..", "dev.modgate.bundle..", "dev.modgate.prefetch..",
                        "dev.modgate.http..", "dev.modgate.cli..")
                .because("storage, git and net serve the module chain; they are handed what they need")
                .check(ALL);
    }

    @Test
    void onlyTheCommandLineUsesTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.modgate.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.modgate.cli..")
                .check(ALL);
    }

    @Test
    void onlyTheCommandLineUsesTheHttpServer() {
        noClasses().that().resideOutsideOfPackages("dev.modgate.http..", "dev.modgate.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.modgate.http..")
                .because("the HTTP server is the outermost layer: what it serves must not depend on how")
                .check(ALL);
    }

    @Test
    void theModuleVocabularyUsesOnlyCoreTheOutboundFailureTypeAndJsonParsing() {
        classes().that().resideInAPackage("dev.modgate.module..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.modgate.module..", "dev.modgate.core..",
                        "dev.modgate.net..", "com.fasterxml.jackson.core..", "org.slf4j..")
                .because("every layer, storage and the checksum databases speak it: it must sit below all of them")
                .check(ALL);
    }

    @Test
    void thePolicyGateSeesModulesOnlyThroughTheChainAndStorage() {
        noClasses().that().resideInAPackage("dev.modgate.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.modgate.fetch..", "dev.modgate.source..", "dev.modgate.git..",
                        "dev.modgate.discovery..", "dev.modgate.sumdb..", "dev.modgate.http..", "dev.modgate.wiring..",
                        "dev.modgate.bundle..", "dev.modgate.prefetch..")
                .because("the gate is one layer around module.Modules: it asks the chain below it, whatever that chain holds")
                .check(ALL);
        noClasses().that().resideOutsideOfPackages("dev.modgate.policy..", "dev.modgate.wiring..", "dev.modgate.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.modgate.policy..")
                .because("only the wiring puts the gate in the route; only the command line reads its state")
                .check(ALL);
    }

    @Test
    void theVulnerabilityDatabaseKnowsNothingOfWhoAsksIt() {
        noClasses().that().resideInAPackage("dev.modgate.vuln..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.modgate.fetch..", "dev.modgate.policy..", "dev.modgate.http..",
                        "dev.modgate.wiring..", "dev.modgate.cli..", "dev.modgate.sumdb..", "dev.modgate.bundle..", "dev.modgate.prefetch..")
                .because("the policy gate and the HTTP mirror read it; it reads files and the network only")
                .check(ALL);
    }

    @Test
    void licenceDetectionUsesOnlyTheJdkAndItsCache() {
        classes().that().resideInAPackage("dev.modgate.licence..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.modgate.licence..",
                        "com.github.benmanes.caffeine..")
                .because("detection judges the bytes it is handed; the policy gate and the report ask it, never the reverse")
                .check(ALL);
    }

    @Test
    void onlyTheServerAndTheCommandLineUseTheWiring() {
        noClasses().that().resideOutsideOfPackages("dev.modgate.wiring..", "dev.modgate.http..", "dev.modgate.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.modgate.wiring..")
                .because("the wiring alone knows the layers' classes; everything else sees Modules and Storage")
                .check(ALL);
    }

    @Test
    void theChecksumDatabasesAndPrefetchSeeTheChainOnlyThroughItsInterface() {
        noClasses().that().resideInAnyPackage("dev.modgate.sumdb..", "dev.modgate.prefetch..", "dev.modgate.bundle..", "dev.modgate.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.modgate.fetch..")
                .because("a layer added to the route (policy, access) must see every request; module.Modules is the way in")
                .check(ALL);
    }

    @Test
    void onlyTheHttpLayerDecidesStatuses() {
        noClasses().that().resideOutsideOfPackage("dev.modgate.http..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.eclipse.jetty.http.HttpStatus")
                .because("failures carry a kind; http.FailureResponses maps kinds to statuses")
                .check(ALL);
    }
}
