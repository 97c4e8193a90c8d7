package dev.cortado.cri.daemon;

import dev.cortado.cri.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cortado config default}: prints the embedded defaults as a TOML file to start from. */
@Command(name = "config", description = "Config file tools.", subcommands = ConfigCommand.Default.class)
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "default", description = "Print the default config as TOML.")
    static final class Default implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(new ConfigLoader().defaultToml());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
