package io.meshloop.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
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
