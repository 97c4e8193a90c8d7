package check;

import com.google.errorprone.annotations.concurrent.GuardedBy;

/** Reads a guarded field without its lock: the build must refuse this file. */
final class Unguarded {
    private final Object lock = new Object();
    @GuardedBy("lock")
    private int count;

    int peek() {
        return count;
    }

    void add() {
        synchronized (lock) {
            count++;
        }
    }
}
