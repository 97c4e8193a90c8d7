package dev.cortado.cri.logs;

import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.loop.IoLoop;

/** The event loop the log tests copy on: one for the test JVM, as the daemon has one. */
final class LogLoops {
    static final IoLoop SHARED = IoLoop.start(new LibcSyscalls(), "test-log");

    private LogLoops() {}
}
