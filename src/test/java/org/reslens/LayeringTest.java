package org.reslens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md, enforced. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.reslens");
    }

    @Test
    void onlyUiTouchesJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.reslens.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void awtAndSwingOnlyInCodecAdaptersAndUi() {
        noClasses().that().resideOutsideOfPackages("org.reslens.dicom.codec..", "org.reslens.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.swing..", "javax.imageio..")
                .check(classes);
    }

    @Test
    void onnxRuntimeOnlyInInference() {
        noClasses().that().resideOutsideOfPackage("org.reslens.inference..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void dicomDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("org.reslens.dicom..")
                .should().dependOnClassesThat().resideInAnyPackage("org.reslens.study..", "org.reslens.imaging..",
                        "org.reslens.inference..", "org.reslens.explain..", "org.reslens.screening..",
                        "org.reslens.ui..", "org.reslens.cli..")
                .check(classes);
    }

    @Test
    void studyDependsOnlyOnDicom() {
        noClasses().that().resideInAPackage("org.reslens.study..")
                .should().dependOnClassesThat().resideInAnyPackage("org.reslens.imaging..", "org.reslens.inference..",
                        "org.reslens.explain..", "org.reslens.screening..", "org.reslens.ui..", "org.reslens.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void imagingDoesNotReachUp() {
        noClasses().that().resideInAPackage("org.reslens.imaging..")
                .should().dependOnClassesThat().resideInAnyPackage("org.reslens.inference..", "org.reslens.explain..",
                        "org.reslens.screening..", "org.reslens.ui..", "org.reslens.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void inferenceAndExplainDoNotReachUp() {
        noClasses().that().resideInAnyPackage("org.reslens.inference..", "org.reslens.explain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.reslens.screening..", "org.reslens.ui..",
                        "org.reslens.cli..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("org.reslens.inference..")
                .should().dependOnClassesThat().resideInAPackage("org.reslens.explain..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void evaluationSitsBesideScreeningAndOnlyCliUsesIt() {
        noClasses().that().resideInAPackage("org.reslens.evaluation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.reslens.screening..", "org.reslens.ui..",
                        "org.reslens.cli..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAnyPackage("org.reslens.dicom..", "org.reslens.study..", "org.reslens.imaging..",
                        "org.reslens.inference..", "org.reslens.explain..", "org.reslens.screening..",
                        "org.reslens.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.reslens.evaluation..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void uiAndCliNeverDependOnEachOther() {
        noClasses().that().resideInAPackage("org.reslens.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.reslens.cli..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("org.reslens.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.reslens.ui..")
                .check(classes);
        noClasses().that().resideInAPackage("org.reslens.screening..")
                .should().dependOnClassesThat().resideInAnyPackage("org.reslens.ui..", "org.reslens.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void onlyCliAndMainPrint() {
        noClasses().that().resideOutsideOfPackages("org.reslens.cli..")
                .and().doNotHaveFullyQualifiedName("org.reslens.Main")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }

    @Test
    void everyPackageStatesItsJob() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("src/main/java/org/reslens");
        try (var dirs = java.nio.file.Files.walk(root)) {
            java.util.List<java.nio.file.Path> missing = dirs.filter(java.nio.file.Files::isDirectory)
                    .filter(d -> hasJava(d) && !java.nio.file.Files.exists(d.resolve("package-info.java")))
                    .toList();
            org.assertj.core.api.Assertions.assertThat(missing).as("packages without package-info.java").isEmpty();
        }
    }

    private static boolean hasJava(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
