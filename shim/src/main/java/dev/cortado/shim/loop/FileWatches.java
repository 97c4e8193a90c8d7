package dev.cortado.shim.loop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * inotify on the {@link IoLoop}: one inotify instance for the whole server, each watched file's
 * changes reported to its listeners on the loop thread (cgroup v2 {@code memory.events} and
 * {@code cgroup.events} are signalled as IN_MODIFY). Listeners must not block.
 */
public final class FileWatches {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileWatches.class);
    private static final int IN_MODIFY = 0x2;

    private final IoLoop loop;
    private final int fd;
    private final Map<Integer, List<Runnable>> listeners = new ConcurrentHashMap<>();

    private final IoLoop.Registration registration;

    public FileWatches(IoLoop loop) {
        this.loop = loop;
        this.fd = loop.sys().inotifyInit();
        this.registration = loop.register(fd, ev -> changed());
        registration.arm(true, false);
    }

    private void changed() {
        for (int wd : loop.sys().inotifyRead(fd)) {
            List<Runnable> l = listeners.get(wd);
            if (l != null) {
                for (Runnable r : l) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.warn("watch listener failed", e);
                    }
                }
            }
        }
        registration.arm(true, false);
    }

    /**
     * Calls {@code onChange} on the loop thread after each modification of {@code file}; closing
     * the result stops it. Fails (CortadoException) when the file is not there.
     */
    public AutoCloseable watch(String file, Runnable onChange) {
        int wd = loop.sys().inotifyAddWatch(fd, file, IN_MODIFY);
        listeners.computeIfAbsent(wd, k -> new CopyOnWriteArrayList<>()).add(onChange);
        return () -> {
            List<Runnable> l = listeners.get(wd);
            if (l != null) {
                l.remove(onChange);
                if (l.isEmpty()) {
                    listeners.remove(wd);
                    loop.sys().inotifyRemoveWatch(fd, wd);
                }
            }
        };
    }
}
