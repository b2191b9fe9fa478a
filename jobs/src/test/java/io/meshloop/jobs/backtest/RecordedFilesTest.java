package io.meshloop.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedFilesTest {

    @TempDir Path dir;

    @Test
    void rotatedFilesAreOneLaneOldestFirstAndTheActiveFileLast() throws IOException {
        touch("spans.json");
        touch("spans-2025-03-04T10-00-00.000.json");
        touch("spans-2025-03-04T09-00-00.000.json");
        touch("other-collector.json");
        touch(".hidden.json");

        List<RecordedFiles.Lane> lanes = RecordedFiles.plan(dir);

        assertThat(lanes)
                .extracting(RecordedFiles.Lane::name)
                .containsExactly(
                        dir.resolve("other-collector.json").toString(),
                        dir.resolve("spans.json").toString());
        assertThat(lanes.get(1).files())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "spans-2025-03-04T09-00-00.000.json",
                        "spans-2025-03-04T10-00-00.000.json",
                        "spans.json");
    }

    @Test
    void rotatedNameWithoutExtension() {
        assertThat(RecordedFiles.laneName(Path.of("d/file-2025-03-04T10-00-00.000")))
                .isEqualTo(Path.of("d/file").toString());
    }

    @Test
    void aSingleFileIsOneLane() throws IOException {
        Path f = touch("x.pb");
        assertThat(RecordedFiles.plan(f))
                .containsExactly(new RecordedFiles.Lane(f.toString(), List.of(f)));
    }

    @Test
    void missingOrEmptyInputIsRejectedNamingThePath() throws IOException {
        assertThatThrownBy(() -> RecordedFiles.plan(dir.resolve("nope")))
                .hasMessageContaining("--input")
                .hasMessageContaining("nope")
                .hasMessageContaining("does not exist");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> RecordedFiles.plan(empty)).hasMessageContaining("holds no file");
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "");
    }
}
