package io.meshloop.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meshloop} command line. */
@Command(
        name = "meshloop",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "The runtime feedback loop of a service mesh, on Apache Flink and Kafka.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            PolicyCommand.class,
            BacktestCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MeshloopCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new MeshloopCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
