package io.meshloop.schemas.policy;

/**
 * One problem in a policy file, precise enough to fix without reading the docs.
 *
 * <p>{@link #toString()} is the line the CLI prints, e.g. {@code policies.yaml:14:
 * policies[2].safety.cooldown: '5 minutes' is not a duration; use e.g. 30s, 5m, 1h}.
 *
 * @param file the file name as given to the loader
 * @param line 1-based line of the offending key or value (of the enclosing mapping when a required
 *     key is missing)
 * @param fieldPath where in the document, e.g. {@code policies[2].safety.cooldown}; empty for the
 *     whole document
 * @param badValue the value as written, or null when the problem is an absence
 * @param problem what is wrong, phrased to follow the quoted bad value
 * @param allowed what would be accepted (a range, the allowed values, a suggestion), or null
 */
public record PolicyError(
        String file, int line, String fieldPath, String badValue, String problem, String allowed) {

    public PolicyError {
        if (file == null || problem == null || fieldPath == null) {
            throw new IllegalArgumentException("file, fieldPath and problem are required");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, was " + line);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file).append(':').append(line).append(": ");
        if (!fieldPath.isEmpty()) {
            s.append(fieldPath).append(": ");
        }
        if (badValue != null) {
            s.append('\'').append(badValue).append("' ");
        }
        s.append(problem);
        if (allowed != null) {
            s.append("; ").append(allowed);
        }
        return s.toString();
    }
}
