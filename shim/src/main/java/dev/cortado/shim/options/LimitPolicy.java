package dev.cortado.shim.options;

import dev.cortado.errors.CortadoException;
import java.util.Locale;

/**
 * What to do with a limit the host cannot enforce (its cgroup v2 controller is missing, as on a
 * hybrid host whose controllers live on cgroup v1): the operator's choice, runtime option
 * {@code UnenforceableLimits}.
 */
public enum LimitPolicy {
    /** Create fails with FAILED_PRECONDITION naming the controller and the cgroup mode (the default). */
    REFUSE,
    /** The container runs without those limits; one warning names each, and the task's info lists them. */
    WARN;

    /** The option's value: "refuse" or "warn". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "refuse" or "warn" (case-insensitive); anything else is INVALID_ARGUMENT naming {@code source}. */
    public static LimitPolicy parse(String value, String source) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "refuse" -> REFUSE;
            case "warn" -> WARN;
            default ->
                throw CortadoException.invalidArgument(
                        "runtime option UnenforceableLimits in %s: \"%s\" is neither \"refuse\" nor \"warn\"",
                        source, value);
        };
    }
}
