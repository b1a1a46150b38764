package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code runbook lint}: the formats (SARIF validated against the SARIF 2.1.0 JSON schema by a JSON
 * Schema validator, GitHub annotations, JSON, checkstyle XML), the exit codes, --explain.
 */
class LintCommandTest {

    static final Path ROOT = TraceGoldenTest.ROOT;
    static final String ERRATA = ROOT.resolve("interpreter/src/test/resources/errata").toString();
    static final String RULES = ROOT.resolve("interpreter/src/test/resources/lint/rules").toString();
    static final String DESTROY = RULES + "/destructive-without-confirm/fail.rbk";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static MainTest.Result lint(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        return MainTest.runIn(new java.util.ArrayList<>(), all);
    }

    static Schema sarifSchema() throws Exception {
        try (InputStream in = LintCommandTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void sarifValidatesAgainstTheSarif210Schema() throws Exception {
        MainTest.Result r = lint("--format", "sarif", ERRATA, RULES);
        assertEquals(1, r.code(), r.err());
        Schema schema = sarifSchema();
        List<Error> errors = schema.validate(r.out(), InputFormat.JSON);
        assertTrue(errors.isEmpty(), () -> "SARIF does not validate: " + errors);
        JsonNode doc = JSON.readTree(r.out());
        assertEquals("2.1.0", doc.get("version").asString());
        JsonNode results = doc.get("runs").get(0).get("results");
        assertTrue(results.size() > 50, "the errata and the fail inputs give many results: " + results.size());
        JsonNode first = results.get(0);
        assertTrue(first.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt() > 0);
        // the validator is real: a SARIF log without its version, or with a result of an unknown level, does not validate
        assertFalse(schema.validate(r.out().replaceFirst("\"version\": \"2.1.0\"", "\"versio\": \"2.1.0\""), InputFormat.JSON).isEmpty());
        assertFalse(schema.validate(r.out().replaceFirst("\"level\": \"error\"", "\"level\": \"fatal\""), InputFormat.JSON).isEmpty());
    }

    @Test
    void sarifOfACleanRunValidatesToo() throws Exception {
        MainTest.Result r = lint("--format", "sarif", ROOT.resolve("runbooks/asp-patch-standby-subscriber.rbk").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(sarifSchema().validate(r.out(), InputFormat.JSON).isEmpty());
        assertEquals(0, JSON.readTree(r.out()).get("runs").get(0).get("results").size());
    }

    private static final Pattern ANNOTATION = Pattern.compile(
            "::(error|warning|notice) file=[^,:]+,line=\\d+,col=\\d+,endLine=\\d+,endColumn=\\d+,title=[^:,]+::[^\\r\\n]+");

    @Test
    void githubAnnotationsOneLinePerFinding() {
        MainTest.Result r = lint("--no-simulate", "--format", "github", DESTROY);
        assertEquals(0, r.code(), "warnings alone exit 0 by default: " + r.err());
        List<String> lines = r.out().lines().toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) assertTrue(ANNOTATION.matcher(line).matches(), line);
        String file = Inputs.display(DESTROY);
        assertTrue(lines.contains("::warning file=" + file + ",line=15,col=20,endLine=15,endColumn=35,title=runbook lint destructive-without-confirm::"
                + "`destroy` cannot be undone and no confirm asks the operator first%0Ahint: add `confirm \"...\"` before it in step 2, saying where the data survives (a backup%2C the other master)"
                        .replace("%2C", ",")), r.out());
    }

    @Test
    void jsonHasEveryFindingWithItsPlace() throws Exception {
        MainTest.Result r = lint("--no-simulate", "--format", "json", DESTROY, RULES + "/utility-options/fail.rbk");
        assertEquals(1, r.code(), "utility-options is an error: " + r.out());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals("runbook.lint/v1", doc.get("schema").asString());
        assertEquals(2, doc.get("files").size());
        JsonNode finding = doc.get("files").get(0).get("findings").get(0);
        assertEquals("destructive-without-confirm", finding.get("rule").asString());
        assertEquals("warning", finding.get("severity").asString());
        assertEquals(15, finding.get("line").asInt());
        assertEquals(20, finding.get("column").asInt());
        JsonNode second = doc.get("files").get(1).get("findings");
        assertTrue(second.size() >= 1 && second.get(0).get("rule").asString().equals("utility-options"), second.toString());
        // the fail input's two: an unknown option value, and a duplicate without the user its release requires
        assertEquals(2, doc.get("summary").get("errors").asInt());
    }

    @Test
    void checkstyleIsWellFormedXml() throws Exception {
        MainTest.Result r = lint("--format", "checkstyle", DESTROY, RULES + "/hard-coded-secret/fail.rbk");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals("checkstyle", xml.getDocumentElement().getTagName());
        assertEquals(2, xml.getElementsByTagName("file").getLength());
        assertTrue(xml.getElementsByTagName("error").getLength() >= 2);
        assertTrue(r.out().contains("source=\"runbook.hard-coded-secret\""), r.out());
        assertFalse(r.out().contains("s3cret"), "a secret is never printed");
    }

    @Test
    void failOnWarningAndDisable() {
        assertEquals(0, lint("--no-simulate", DESTROY).code());
        assertEquals(1, lint("--no-simulate", "--fail-on", "warning", DESTROY).code());
        assertEquals(0, lint("--no-simulate", "--fail-on", "warning", "--disable", "destructive-without-confirm", DESTROY).code());
        assertEquals(0, lint("--no-simulate", "--fail-on", "warning", "--enable", "repeated-start", DESTROY).code());
        // the simulation's findings: the destroy leaves the pair without its standby at the end, an error
        assertEquals(1, lint(DESTROY).code());
    }

    @Test
    void theStandardRunbooksLintClean() {
        MainTest.Result r = lint("--fail-on", "warning", ROOT.resolve("runbooks").toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().endsWith("26 files linted: 0 errors, 0 warnings\n") || r.out().contains(" files linted: 0 errors, 0 warnings"), r.out());
    }

    @Test
    void explainPrintsTheRulesPage() throws Exception {
        MainTest.Result r = lint("--explain", "deactivate-before-rep-stop");
        assertEquals(0, r.code());
        assertEquals(Files.readString(ROOT.resolve("docs/rules/deactivate-before-rep-stop.md")), r.out());
        MainTest.Result unknown = lint("--explain", "no-such-rule");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no lint rule `no-such-rule`"), unknown.err());
        assertEquals(2, lint("--enable", "nope", DESTROY).code());
        assertEquals(2, lint().code());
    }

    @Test
    void anUnreadableFileExitsTwo() {
        MainTest.Result r = lint(ROOT.resolve("no-such.rbk").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot read"), r.err());
    }
}
