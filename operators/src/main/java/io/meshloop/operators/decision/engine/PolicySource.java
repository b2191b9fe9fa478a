package io.meshloop.operators.decision.engine;

import io.meshloop.schemas.policy.PolicyLoader;
import io.meshloop.schemas.policy.PolicySet;
import io.meshloop.schemas.policy.PolicyValidationException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The policy file's text, shipped with the job graph and parsed again in every subtask, so the
 * model classes never need to be serializable and a subtask always sees exactly the file the job
 * was started with. Validated when created: a bad file fails at submission, not in a running job.
 *
 * @param fileName the file's name, for error messages
 * @param yaml its content
 */
public record PolicySource(String fileName, String yaml) implements Serializable {

    public PolicySource {
        parse(fileName, yaml);
    }

    public static PolicySource read(Path file) throws IOException {
        return new PolicySource(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public PolicySet policies() {
        return parse(fileName, yaml);
    }

    private static PolicySet parse(String fileName, String yaml) {
        try {
            return PolicyLoader.parse(fileName, yaml);
        } catch (PolicyValidationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
