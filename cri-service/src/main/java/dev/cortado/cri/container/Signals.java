package dev.cortado.cri.container;

import dev.cortado.errors.CortadoException;
import java.util.Map;

/** Signal names (as OCI images and CRI {@code stop_signal} spell them) to Linux x86-64/arm64 numbers. */
final class Signals {
    static final int SIGKILL = 9;

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("SIGHUP", 1),
            Map.entry("SIGINT", 2),
            Map.entry("SIGQUIT", 3),
            Map.entry("SIGILL", 4),
            Map.entry("SIGTRAP", 5),
            Map.entry("SIGABRT", 6),
            Map.entry("SIGBUS", 7),
            Map.entry("SIGFPE", 8),
            Map.entry("SIGKILL", 9),
            Map.entry("SIGUSR1", 10),
            Map.entry("SIGSEGV", 11),
            Map.entry("SIGUSR2", 12),
            Map.entry("SIGPIPE", 13),
            Map.entry("SIGALRM", 14),
            Map.entry("SIGTERM", 15),
            Map.entry("SIGSTKFLT", 16),
            Map.entry("SIGCHLD", 17),
            Map.entry("SIGCONT", 18),
            Map.entry("SIGSTOP", 19),
            Map.entry("SIGTSTP", 20),
            Map.entry("SIGTTIN", 21),
            Map.entry("SIGTTOU", 22),
            Map.entry("SIGURG", 23),
            Map.entry("SIGXCPU", 24),
            Map.entry("SIGXFSZ", 25),
            Map.entry("SIGVTALRM", 26),
            Map.entry("SIGPROF", 27),
            Map.entry("SIGWINCH", 28),
            Map.entry("SIGIO", 29),
            Map.entry("SIGPWR", 30),
            Map.entry("SIGSYS", 31));

    private Signals() {}

    /** The number of {@code name} ({@code SIGTERM}, {@code TERM}, {@code 15} or {@code SIGRTMIN+3}). */
    static int number(String name) {
        String n = name.strip().toUpperCase(java.util.Locale.ROOT);
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 4) {
            return checked(Integer.parseInt(n), name);
        }
        if (!n.startsWith("SIG")) {
            n = "SIG" + n;
        }
        if (n.startsWith("SIGRTMIN")) {
            return checked(34 + offset(n.substring(8), name), name);
        }
        if (n.startsWith("SIGRTMAX")) {
            return checked(64 + offset(n.substring(8), name), name);
        }
        Integer number = NUMBERS.get(n);
        if (number == null) {
            throw CortadoException.invalidArgument("unknown stop signal \"%s\"", name);
        }
        return number;
    }

    private static int offset(String rest, String name) {
        if (rest.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(rest);
        } catch (NumberFormatException e) {
            throw CortadoException.invalidArgument("unknown stop signal \"%s\"", name);
        }
    }

    private static int checked(int number, String name) {
        if (number < 1 || number > 64) {
            throw CortadoException.invalidArgument("stop signal \"%s\" is out of range", name);
        }
        return number;
    }
}
