package io.meshloop.jobs.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Plans how recorded files are read: which files, and in which order.
 *
 * <p>Event time must not go backwards within one reader: a reader's watermark follows the spans of
 * the file it reads, so a file read after a newer one would be all late. The Collector's file
 * exporter rotates {@code NAME.EXT} to {@code NAME-2006-01-02T15-04-05.000.EXT} (the rotation time)
 * and starts a new {@code NAME.EXT}; such files are one <em>lane</em>, written one after another,
 * and are read oldest first (backups by the time in their name, the active file last). Files of
 * different lanes (several Collectors, or signal types, in one directory) may overlap in time: each
 * lane becomes its own source, with its own watermark, and Flink takes the minimum, as it does
 * across Kafka partitions.
 *
 * <p>A directory is walked recursively; hidden files (names starting with {@code .} or {@code _},
 * as Flink's file source also skips) are ignored.
 */
public final class RecordedFiles {

    /**
     * {@code prefix-YYYY-MM-DDTHH-MM-SS.mmm[.ext]}: lumberjack's backup name, as the Collector
     * uses.
     */
    private static final Pattern ROTATED =
            Pattern.compile(
                    "^(?<prefix>.+)-(?<ts>\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3})(?<ext>\\.[^.]+)?$");

    private RecordedFiles() {}

    /**
     * Files written one after another, in reading order.
     *
     * @param name the lane's file name without the rotation time ({@code dir/NAME.EXT})
     * @param files oldest first
     */
    public record Lane(String name, List<Path> files) {
        public Lane {
            files = List.copyOf(files);
        }
    }

    /**
     * The lanes of {@code input} (a file or a directory), sorted by name.
     *
     * @throws IllegalArgumentException naming the path when it does not exist or holds no file
     */
    public static List<Lane> plan(Path input) {
        if (!Files.exists(input)) {
            throw new IllegalArgumentException("--input: '" + input + "' does not exist");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(input)) {
            files.add(input);
        } else {
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !isHidden(input.relativize(p)))
                        .forEach(files::add);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--input: '" + input + "' does not exist");
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + input, e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "--input: '" + input + "' holds no file (hidden files are ignored)");
        }
        Map<String, List<Path>> lanes = new TreeMap<>();
        for (Path f : files) {
            lanes.computeIfAbsent(laneName(f), k -> new ArrayList<>()).add(f);
        }
        List<Lane> out = new ArrayList<>();
        lanes.forEach(
                (name, paths) -> {
                    paths.sort(Comparator.comparing(p -> readingOrder(p.getFileName().toString())));
                    out.add(new Lane(name, paths));
                });
        return out;
    }

    /** The lane a file belongs to: its path with the rotation time removed from its name. */
    static String laneName(Path file) {
        String name = file.getFileName().toString();
        Matcher m = ROTATED.matcher(name);
        String base = m.matches() ? m.group("prefix") + nullToEmpty(m.group("ext")) : name;
        Path parent = file.getParent();
        return parent == null ? base : parent.resolve(base).toString();
    }

    /**
     * A sort key within a lane: backups by their rotation time (the name's format sorts as text),
     * then the active file.
     */
    static String readingOrder(String fileName) {
        Matcher m = ROTATED.matcher(fileName);
        return m.matches() ? "0 " + m.group("ts") : "1 " + fileName;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            String s = part.toString();
            if (s.startsWith(".") || s.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
