package io.meshloop.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Golden test of what {@code meshloop policy validate} prints for a deliberately broken file: any
 * change to a message, a line number or the error order fails here. To accept a deliberate change,
 * regenerate {@code broken.expected.txt} and review the diff.
 */
class PolicyGoldenTest {

    private static final Path DIR = Path.of("src", "test", "resources", "policy");

    @Test
    void brokenFileReportsEveryErrorExactlyAsExpected() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code =
                PolicyCheck.run(
                        DIR.resolve("broken.yaml"),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String expected = Files.readString(DIR.resolve("broken.expected.txt"));
        assertThat(bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"))
                .isEqualTo(expected);
        assertThat(code).isEqualTo(1);
    }

    @Test
    void everyMarkedLineIsReported() throws Exception {
        List<String> lines = Files.readAllLines(DIR.resolve("broken.yaml"));
        Set<Integer> marked = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("# <-")) {
                marked.add(i + 1);
            }
        }
        Set<Integer> reported = new TreeSet<>();
        try {
            PolicyLoader.load(DIR.resolve("broken.yaml"));
        } catch (PolicyValidationException e) {
            e.errors().forEach(err -> reported.add(err.line()));
            assertThat(e.errors())
                    .allSatisfy(err -> assertThat(err.file()).isEqualTo("broken.yaml"));
        }
        assertThat(reported).containsAll(marked);
    }
}
