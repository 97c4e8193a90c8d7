package dev.cortado.cri.daemon;

import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.config.CortadoConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by commands that read the config file. */
final class ConfigOption {
    static final Path DEFAULT = Path.of("/etc/cortado/config.toml");

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "TOML config file (default ${DEFAULT-VALUE}; when absent there, embedded defaults apply)",
            defaultValue = "/etc/cortado/config.toml")
    Path file;

    CortadoConfig load() {
        // A file the operator named must exist; the default location may be absent.
        return new ConfigLoader().load(file, !DEFAULT.equals(file));
    }
}
