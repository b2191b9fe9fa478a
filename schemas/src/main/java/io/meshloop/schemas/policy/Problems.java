package io.meshloop.schemas.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects {@link PolicyError}s of one file while it is read; never stops at the first. */
final class Problems {

    private final String file;
    private final List<PolicyError> errors = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(int line, String path, String badValue, String problem, String allowed) {
        errors.add(new PolicyError(file, Math.max(1, line), path, badValue, problem, allowed));
    }

    int count() {
        return errors.size();
    }

    /** Every error, by line then in the order found (stable). */
    List<PolicyError> sorted() {
        List<PolicyError> copy = new ArrayList<>(errors);
        copy.sort(Comparator.comparingInt(PolicyError::line));
        return List.copyOf(copy);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
