package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.Signal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A stop signal as the container record names it ({@code SIGTERM}, {@code SIGRTMIN+3}, or as an
 * image may: {@code TERM}, {@code 15}) to the CRI {@code Signal} that ContainerStatus reports
 * (containerd 2.1's {@code toCRISignal}).
 */
final class ProtoSignals {
    /** Linux's standard signal numbers 1-31 (x86, arm and most others; signal(7)). */
    private static final String[] LINUX = {
        "",
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGILL",
        "SIGTRAP",
        "SIGABRT",
        "SIGBUS",
        "SIGFPE",
        "SIGKILL",
        "SIGUSR1",
        "SIGSEGV",
        "SIGUSR2",
        "SIGPIPE",
        "SIGALRM",
        "SIGTERM",
        "SIGSTKFLT",
        "SIGCHLD",
        "SIGCONT",
        "SIGSTOP",
        "SIGTSTP",
        "SIGTTIN",
        "SIGTTOU",
        "SIGURG",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGVTALRM",
        "SIGPROF",
        "SIGWINCH",
        "SIGIO",
        "SIGPWR",
        "SIGSYS"
    };

    private static final Map<String, Signal> BY_NAME = Arrays.stream(Signal.values())
            .filter(v -> v != Signal.UNRECOGNIZED)
            .collect(Collectors.toUnmodifiableMap(Signal::name, v -> v));

    private ProtoSignals() {}

    /** The CRI signal, or {@code SIGNAL_RUNTIME_DEFAULT} (unset) for a name CRI has no value for. */
    static Signal of(String name) {
        String s = name.strip().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int number = s.length() > 2 ? -1 : Integer.parseInt(s);
            s = number > 0 && number < LINUX.length ? LINUX[number] : "";
        }
        if (s.isEmpty()) {
            return Signal.SIGNAL_RUNTIME_DEFAULT;
        }
        if (!s.startsWith("SIG")) {
            s = "SIG" + s;
        }
        return BY_NAME.getOrDefault(
                "SIGNAL_" + s.replace("+", "PLUS").replace("-", "MINUS"), Signal.SIGNAL_RUNTIME_DEFAULT);
    }
}
