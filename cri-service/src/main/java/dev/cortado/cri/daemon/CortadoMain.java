package dev.cortado.cri.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cortado} command line: {@code daemon}, {@code version}, {@code config default}. */
@Command(
        name = "cortado",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Cortado: a Kubernetes container runtime (CRI runtime.v1).",
        subcommands = {DaemonCommand.class, VersionCommand.class, ConfigCommand.class})
public final class CortadoMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and main). */
    public static int run(String... args) {
        return new CommandLine(new CortadoMain())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
