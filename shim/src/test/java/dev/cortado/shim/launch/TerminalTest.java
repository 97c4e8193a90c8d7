package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Privileged: {@code terminal=true} gives a pty, /dev/console and window size changes. */
class TerminalTest extends PrivilegedLauncherFixture {
    private Spec terminal(String script) {
        Spec s = shell(script);
        ProcessSpec p = s.process();
        return s.withProcess(p.toBuilder().terminal(true).build());
    }

    /** Reads a pty master to its end: the launcher's streams report the pty hangup (EIO) as EOF. */
    private static String drain(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void terminal_stdioIsATtyAndConsoleIsBound() throws Exception {
        Monitor m = containers.create(
                terminal(
                        "test -t 0 && test -t 1 && test -t 2 && echo tty-ok; [ -c /dev/console ] && echo console-ok; stty size"));
        m.resize(24, 80);
        try (ContainerIo io = m.stdio()) {
            m.start();
            String out = drain(io.stdout());
            assertThat(out).contains("tty-ok").contains("console-ok").contains("24 80");
        }
        assertThat(m.waitForExit().code()).isZero();
    }

    @Test
    void resize_whileRunning_isSeenByTheProcess() throws Exception {
        Monitor m = containers.create(terminal("read x; stty size"));
        try (ContainerIo io = m.stdio()) {
            m.start();
            m.resize(40, 100);
            io.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
            io.stdin().flush();
            assertThat(drain(io.stdout())).contains("40 100");
        }
        assertThat(m.waitForExit().code()).isZero();
    }
}
