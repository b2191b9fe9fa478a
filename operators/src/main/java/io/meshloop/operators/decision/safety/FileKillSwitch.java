package io.meshloop.operators.decision.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Engaged while a file exists (e.g. {@code touch /etc/meshloop/STOP}). The existence check is
 * injected so tests can use a temp directory or a fake; a failing check (I/O error) counts as
 * engaged: when in doubt, do nothing.
 */
public final class FileKillSwitch implements KillSwitch {

    private final Path path;
    private final Predicate<Path> exists;

    /** Uses {@link Files#exists}. */
    public FileKillSwitch(Path path) {
        this(path, p -> Files.exists(p));
    }

    public FileKillSwitch(Path path, Predicate<Path> exists) {
        this.path = path;
        this.exists = exists;
    }

    @Override
    public boolean engaged() {
        try {
            return exists.test(path);
        } catch (RuntimeException e) {
            return true;
        }
    }

    public Path path() {
        return path;
    }
}
