package dev.cortado.cri.runtime;

/**
 * How many shims one runtime handler has connected and how many tasks (containers) they serve.
 *
 * @param handler the runtime handler's name ({@code [runtime.handlers.NAME]})
 */
public record ShimCounts(String handler, int shims, int tasks) {
    public ShimCounts {
        if (handler == null || shims < 0 || tasks < 0) {
            throw new IllegalArgumentException(
                    "shim counts of " + handler + ": " + shims + " shims, " + tasks + " tasks");
        }
    }
}
