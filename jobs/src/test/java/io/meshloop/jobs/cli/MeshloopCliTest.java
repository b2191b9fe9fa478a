package io.meshloop.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MeshloopCliTest {

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        int code = MeshloopCli.commandLine().setOut(new PrintWriter(out)).execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("demo", "run");
    }

    @Test
    void badOptionValuesAreReportedNotThrown() {
        StringWriter err = new StringWriter();
        int code =
                MeshloopCli.commandLine()
                        .setErr(new PrintWriter(err))
                        .execute("demo", "--duration", "soon");
        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void policyValidateAcceptsTheExamplesAndReportsErrorsWithLines(@TempDir Path tmp)
            throws Exception {
        assertThat(MeshloopCli.commandLine().execute("policy", "validate", "../examples/all.yaml"))
                .isZero();
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(
                bad,
                "apiVersion: meshloop.io/v1\nkind: PolicySet\npolicies:\n"
                        + "  - name: x\n    loop: canery\n    target: {service: cart}\n");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(MeshloopCli.commandLine().execute("policy", "validate", bad.toString()))
                    .isEqualTo(1);
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bad.yaml:5").contains("canery");
    }

    @Test
    void durationsInTheUsualShortForms() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(c.convert("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> c.convert("5x")).hasMessageContaining("'5x' is not a duration");
    }
}
