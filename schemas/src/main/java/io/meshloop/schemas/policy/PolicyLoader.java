package io.meshloop.schemas.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a YAML policy file ({@code docs/policies.md}) into a validated {@link PolicySet}.
 *
 * <p>Parsing uses Jackson's streaming YAML parser so every field keeps its line; validation
 * collects every error ({@link PolicyValidator}). Errors name the file by its file name only, as a
 * user would type it next to a line number.
 */
public final class PolicyLoader {

    /** Files above this size are rejected unread: a policy file is a few kilobytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private PolicyLoader() {}

    /**
     * Reads and validates {@code file}.
     *
     * @throws PolicyValidationException with every error when the file is not a valid policy set
     * @throws IOException when the file cannot be read
     */
    public static PolicySet load(Path file) throws IOException, PolicyValidationException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new PolicyValidationException(
                    java.util.List.of(
                            new PolicyError(
                                    name(file),
                                    1,
                                    "",
                                    null,
                                    "is larger than " + MAX_FILE_BYTES + " bytes",
                                    "a policy file of at most 1 MiB")));
        }
        return parse(name(file), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Validates {@code yaml}; {@code fileName} labels the errors.
     *
     * @throws PolicyValidationException with every error
     */
    public static PolicySet parse(String fileName, String yaml) throws PolicyValidationException {
        PolicyValidator.Result result = PolicyValidator.validate(fileName, yaml);
        if (!result.ok()) {
            throw new PolicyValidationException(result.errors());
        }
        return result.policySet();
    }

    private static String name(Path file) {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }
}
