package dev.runbook;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rooms of docs/design.md "Layout", kept by rules: the arrows between packages only point down
 * the list of layers, the generated parser stays inside {@code parse}, SSH inside {@code exec},
 * terminal libraries inside the front ends. Only production classes are imported; a package with no
 * classes yet passes.
 */
class ArchitectureTest {

    /** Top to bottom: a package may depend on the packages after it, never on one before it. */
    static final List<String> LAYERS = List.of(
            "cli", "repl", "lint", "render", "exec", "engine", "sim", "check", "parse", "ast", "source");

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.runbook");

    private static String pkg(String layer) {
        return "dev.runbook." + layer + "..";
    }

    @TestFactory
    Stream<DynamicTest> layersOnlyDependDownward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 1; i < LAYERS.size(); i++) {
            String layer = LAYERS.get(i);
            String[] above = LAYERS.subList(0, i).stream().map(ArchitectureTest::pkg).toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage(pkg(layer))
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because(layer + " sits below " + Arrays.toString(LAYERS.subList(0, i).toArray()) + " in docs/design.md \"Layout\"")
                    .allowEmptyShould(true);
            tests.add(DynamicTest.dynamicTest(layer + " depends on no layer above it", () -> rule.check(CLASSES)));
        }
        return tests.stream();
    }

    @Test
    void everyClassLivesInOneOfTheLayers() {
        String[] layers = LAYERS.stream().map(ArchitectureTest::pkg).toArray(String[]::new);
        classes().should().resideInAnyPackage(layers)
                .because("each package is a room of docs/design.md \"Layout\"; a new one joins the list of LAYERS in its place")
                .check(CLASSES);
    }

    @Test
    void generatedParserIsUsedOnlyInsideParse() {
        classes().that().resideInAPackage("dev.runbook.parse.antlr..")
                .should().onlyHaveDependentClassesThat().resideInAPackage("dev.runbook.parse..")
                .because("everything outside parse sees the project's own AST, never ANTLR's parse tree")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void antlrRuntimeIsUsedOnlyInsideParse() {
        noClasses().that().resideOutsideOfPackage("dev.runbook.parse..")
                .should().dependOnClassesThat().resideInAPackage("org.antlr..")
                .because("the parser is the only user of ANTLR")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void onlyExecUsesSsh() {
        noClasses().that().resideOutsideOfPackage("dev.runbook.exec..")
                .should().dependOnClassesThat().resideInAPackage("com.jcraft.jsch..")
                .because("the Ssh backend in exec is the only package that talks SSH")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void onlyFrontEndsUseTerminalLibraries() {
        noClasses().that().resideOutsideOfPackages("dev.runbook.cli..", "dev.runbook.repl..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "org.jline..")
                .because("argument parsing and terminals belong to the cli and repl front ends")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
