package dev.cortado.shim.bootstrap;

import ch.qos.logback.classic.Level;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code containerd-shim-cortado-v2}: {@code start}, {@code delete}, {@code -v},
 * {@code -info}, or (no action) the long-running server. {@code start} and {@code delete}
 * write only their reply to stdout: containerd reads their combined output, so logging is off.
 */
public final class ShimMain {
    static final String NAME = "containerd-shim-cortado-v2";
    static final String VERSION = "0.1.0";
    static final String REVISION = "cortado";

    private ShimMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        ShimFlags flags;
        try {
            flags = ShimFlags.parse(args);
        } catch (CortadoException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, String> env = System.getenv();
        if (flags.version()) {
            out.println(NAME + ":\n  Version:  " + VERSION + "\n  Revision: " + REVISION + "\n  Go version: none (Java "
                    + Runtime.version() + ")");
            return;
        }
        if (flags.info()) {
            info(System.in.readAllBytes());
            return;
        }
        switch (flags.action()) {
            case "start" -> reply(() -> StartCommand.run(flags, System.in.readAllBytes(), env));
            case "delete" -> reply(() -> DeleteCommand.run(flags, env));
            case "" -> {
                setLevel(flags.debug() ? Level.DEBUG : Level.INFO);
                ServerMain.run(flags, env);
                System.exit(0);
            }
            default -> {
                System.err.println("unknown action " + flags.action());
                System.exit(2);
            }
        }
    }

    private interface Reply {
        byte[] get() throws IOException;
    }

    private static void reply(Reply reply) {
        setLevel(Level.OFF);
        try {
            byte[] bytes = reply.get();
            System.out.write(bytes);
            System.out.flush();
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** {@code -info}: the RuntimeInfo on stdout; refused options on stderr with exit status 2. */
    private static void info(byte[] stdin) throws IOException {
        setLevel(Level.OFF);
        byte[] bytes;
        try {
            bytes = InfoCommand.run(stdin);
        } catch (CortadoException e) {
            System.err.println(NAME + " -info: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.write(bytes);
        System.out.flush();
    }

    private static void setLevel(Level level) {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(level);
        }
    }
}
