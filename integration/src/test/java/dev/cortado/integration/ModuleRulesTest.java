package dev.cortado.integration;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module rules of DESIGN.md true on the compiled classes of every module (ArchUnit
 * reads bytecode, so a fully qualified name inline counts as much as an import): cri-service
 * uses shim only in its in-process handler (and there without the Task API's types) and for its
 * event loop; cgroups has no protobuf/gRPC/JNA, only {@code *.linux} packages use
 * JNA, and within each module the package dependency graph has no cycle.
 */
class ModuleRulesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cortado");

    /** The hand-written packages of each module (the proto module's generated code is left out). */
    private static final List<List<String>> MODULES = List.of(
            List.of("dev.cortado.errors..", "dev.cortado.oci..", "dev.cortado.transport..", "dev.cortado.ttrpc.."),
            List.of("dev.cortado.cgroups.."),
            List.of("dev.cortado.shim.."),
            List.of("dev.cortado.cri.."));

    /** The one package of cri-service that may use the shim module. */
    private static final String IN_PROCESS = "dev.cortado.cri.runtime.inprocess..";

    private static String pom(String module) throws IOException {
        return Files.readString(Repo.root().resolve(module).resolve("pom.xml"));
    }

    @Test
    void everyModule_wasImported() {
        for (String pkg : List.of("dev.cortado.ttrpc", "dev.cortado.cgroups", "dev.cortado.shim", "dev.cortado.cri")) {
            assertThat(CLASSES.stream()
                            .map(JavaClass::getPackageName)
                            .filter(p -> p.startsWith(pkg))
                            .count())
                    .as("classes of %s on the test classpath", pkg)
                    .isGreaterThan(10);
        }
    }

    @Test
    void criService_usesShimOnlyInItsInProcessHandlerAndForItsEventLoop() {
        noClasses()
                .that()
                .resideInAPackage("dev.cortado.cri..")
                .and()
                .resideOutsideOfPackage(IN_PROCESS)
                .should()
                .dependOnClassesThat(resideInAPackage("dev.cortado.shim..")
                        .and(not(resideInAnyPackage("dev.cortado.shim.loop", "dev.cortado.shim.linux"))))
                .because("cortado drives shims through the Task API; only its in-process handler calls the task"
                        + " service, and it shares the event loop that copies every container's logs on one thread")
                .check(CLASSES);
    }

    @Test
    void inProcessHandler_callsTheTaskServiceWithoutTheTaskApi() {
        noClasses()
                .that()
                .resideInAPackage(IN_PROCESS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.cortado.api..", "io.grpc..", "dev.cortado.ttrpc..", "dev.cortado.shim.linux..")
                .because("in process the task service is called directly, with our records")
                .check(CLASSES);
    }

    @Test
    void cgroups_hasNoProtobufGrpcOrJna() throws IOException {
        String pom = pom("cgroups");
        for (String artifact : List.of("cortado-proto", "protobuf-java", "grpc-", "jna")) {
            assertThat(pom).as("cgroups/pom.xml").doesNotContain("<artifactId>" + artifact);
        }
        noClasses()
                .that()
                .resideInAPackage("dev.cortado.cgroups..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.google.protobuf..", "io.grpc..", "com.sun.jna..", "dev.cortado.api..")
                .check(CLASSES);
    }

    @Test
    void onlyLinuxPackages_useJna() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..linux")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.sun.jna..")
                .because("JNA stays in one *.linux package per module")
                .check(CLASSES);
    }

    @Test
    void packageGraph_isAcyclicInEveryModule() {
        for (List<String> module : MODULES) {
            JavaClasses own = CLASSES.that(resideInAnyPackage(module.toArray(String[]::new)));
            slices().matching("dev.cortado.(**)")
                    .should()
                    .beFreeOfCycles()
                    .as("the packages of " + module + " are free of cycles")
                    .check(own);
        }
    }
}
