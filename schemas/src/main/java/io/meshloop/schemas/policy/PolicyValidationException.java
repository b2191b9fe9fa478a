package io.meshloop.schemas.policy;

import java.util.List;

/** A policy file that does not validate; carries every error found, in document order. */
public final class PolicyValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<PolicyError> errors;

    public PolicyValidationException(List<PolicyError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error, sorted by line. */
    public List<PolicyError> errors() {
        return errors;
    }

    private static String summary(List<PolicyError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one error");
        }
        StringBuilder s = new StringBuilder();
        s.append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        for (PolicyError e : errors) {
            s.append(System.lineSeparator()).append(e);
        }
        return s.toString();
    }
}
