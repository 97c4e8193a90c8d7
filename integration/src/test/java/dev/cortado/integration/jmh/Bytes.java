package dev.cortado.integration.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes a benchmark moved, as a JMH secondary result: JMH reports the counter per second, which
 * {@link JmhMain} prints as MB/s next to the operations.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Bytes {
    /** Bytes processed so far in this iteration (a public field: JMH reads it). */
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }

    void add(long n) {
        bytes += n;
    }
}
