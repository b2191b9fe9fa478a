package io.meshloop.jobs.cli;

import io.meshloop.schemas.policy.PolicyCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meshloop policy ...}: work with policy files. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Work with policy files (format: docs/policies.md).",
        subcommands = {PolicyCommand.Validate.class})
final class PolicyCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code meshloop policy validate FILE}. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Checks a policy file and reports every error with file, line, field, bad value"
                        + " and what is allowed.",
                "Exit code 0 when the file is valid, 1 when it is not."
            })
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The policy file (YAML).")
        Path file;

        @Override
        public Integer call() {
            return PolicyCheck.run(file, System.out);
        }
    }
}
