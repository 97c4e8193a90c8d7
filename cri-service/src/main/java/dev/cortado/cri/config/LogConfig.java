package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Locale;

/**
 * Logging of the daemon (to stderr, so journald or the supervisor keeps it).
 *
 * @param level one of trace, debug, info, warn, error
 */
public record LogConfig(String level) {
    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

    public LogConfig {
        if (level == null || !LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            throw CortadoException.invalidArgument("config key log.level must be one of %s, got \"%s\"", LEVELS, level);
        }
        level = level.toLowerCase(Locale.ROOT);
    }

    public static LogConfig defaults() {
        return new LogConfig("info");
    }
}
