package io.meshloop.schemas.policy;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Argument checks for the model's compact constructors. The {@link PolicyValidator} reports the
 * same rules with file and line first; these are the last line of defence for models built in code,
 * and name the field and the allowed range like the validator does.
 */
final class Checks {

    /** RFC 1123 label: what Kubernetes accepts as a name, at most 63 characters. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private Checks() {}

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        return value;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " is " + value + ", allowed " + min + ".." + max);
        }
        return value;
    }

    static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    field + " is " + value + ", allowed " + min + ".." + max);
        }
        return value;
    }

    static Duration positive(String field, Duration value) {
        notNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
