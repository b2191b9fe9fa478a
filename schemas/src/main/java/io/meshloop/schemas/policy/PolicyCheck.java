package io.meshloop.schemas.policy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** What {@code meshloop policy validate FILE} runs: prints the verdict, returns the exit code. */
public final class PolicyCheck {

    private PolicyCheck() {}

    /**
     * Validates {@code file} and prints {@code OK: N policies} or every error, one per line.
     *
     * @return 0 when the file is valid, 1 otherwise (including when it cannot be read)
     */
    public static int run(Path file, PrintStream out) {
        try {
            PolicySet set = PolicyLoader.load(file);
            int n = set.policies().size();
            out.println("OK: " + n + (n == 1 ? " policy" : " policies"));
            return 0;
        } catch (PolicyValidationException e) {
            e.errors().forEach(out::println);
            out.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
            return 1;
        } catch (IOException e) {
            out.println(file + ": cannot read: " + e);
            return 1;
        }
    }
}
