package dev.cortado.shim.loop;

import dev.cortado.shim.linux.LinuxSyscalls;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread waiting in epoll for every registered fd, and {@value #WORKERS} worker threads for
 * what must not run on it (cgroup operations, monitor calls). Registrations are one-shot: a
 * handler runs once per {@link Registration#arm}, on the loop thread, and re-arms when it wants
 * more; it must never block. Everything that closes a registered fd cancels it first, on the loop
 * thread ({@link #execute}), so a reused fd number can never reach an old handler.
 */
public final class IoLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);
    static final int IN = 0x001;
    static final int OUT = 0x004;
    static final int ERR = 0x008;
    static final int HUP = 0x010;
    private static final int ONESHOT = 1 << 30;
    private static final int WORKERS = 2;

    private final LinuxSyscalls sys;
    private final int epfd;
    private final int[] wake;
    private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong(1);
    private final ExecutorService workers;
    private final Thread thread;
    private volatile boolean closed;

    private IoLoop(LinuxSyscalls sys, String name) {
        this.sys = sys;
        this.epfd = sys.epollCreate();
        this.wake = sys.pipe();
        sys.epollCtl(epfd, 1, wake[0], IN, 0);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKERS, r -> daemon(r, name + "-work-" + n.incrementAndGet()));
        this.thread = daemon(this::run, name + "-io");
    }

    /** Starts a loop on its own daemon thread, {@code shim-io}. */
    public static IoLoop start(LinuxSyscalls sys) {
        return start(sys, "shim");
    }

    /**
     * Starts a loop on its own daemon thread {@code <name>-io} (workers {@code <name>-work-N},
     * made on first use).
     */
    public static IoLoop start(LinuxSyscalls sys, String name) {
        IoLoop loop = new IoLoop(sys, name);
        loop.thread.start();
        return loop;
    }

    LinuxSyscalls sys() {
        return sys;
    }

    /** The fixed pool for blocking work that follows an event. */
    public Executor workers() {
        return workers;
    }

    /** Runs {@code task} on the loop thread (at once when called there). */
    public void execute(Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
            return;
        }
        tasks.add(task);
        if (wakePending.compareAndSet(false, true)) {
            sys.write(wake[1], new byte[] {1});
        }
    }

    /** Registers {@code fd}, not yet armed; {@code handler} gets the epoll event bits. */
    Registration register(int fd, Handler handler) {
        Registration r = new Registration(ids.incrementAndGet(), fd, handler);
        registrations.put(r.id, r);
        return r;
    }

    private void run() {
        long[] data = new long[64];
        int[] events = new int[64];
        while (!closed) {
            int n;
            try {
                n = sys.epollWait(epfd, data, events, -1);
            } catch (RuntimeException e) {
                LOG.error("event loop stopped: {}", e.toString());
                return;
            }
            for (int i = 0; i < n; i++) {
                if (data[i] == 0) {
                    sys.read(wake[0], new byte[16]);
                    wakePending.set(false);
                    continue;
                }
                Registration r = registrations.get(data[i]);
                int ev = events[i];
                if (r != null) {
                    call(() -> r.handler.ready(ev));
                }
            }
            for (Runnable task; (task = tasks.poll()) != null; ) {
                call(task);
            }
        }
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("event handler failed", e); // one stream's bug must not stop every other
        }
    }

    /** Stops the thread (tests; the server's loop lives as long as the JVM). */
    @Override
    public void close() {
        closed = true;
        execute(() -> {});
        workers.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** What runs when a registered fd is ready. */
    interface Handler {
        void ready(int events);
    }

    /** One fd in the epoll set. */
    final class Registration {
        private final long id;
        private final int fd;
        private final Handler handler;
        private volatile boolean added;

        private Registration(long id, int fd, Handler handler) {
            this.id = id;
            this.fd = fd;
            this.handler = handler;
        }

        /** Asks for one call when the fd is readable and/or writable (hangups and errors always count). */
        void arm(boolean read, boolean write) {
            int ev = ONESHOT | (read ? IN : 0) | (write ? OUT : 0);
            sys.epollCtl(epfd, added ? 3 : 1, fd, ev, id);
            added = true;
        }

        /**
         * Takes the fd out of the set; no handler call follows. Call before closing the fd. Once
         * only: a second call must not touch the fd number, which may belong to another file by then.
         */
        void cancel() {
            registrations.remove(id);
            if (added) {
                added = false;
                sys.epollCtl(epfd, 2, fd, 0, 0);
            }
        }
    }
}
