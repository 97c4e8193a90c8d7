package dev.cortado.shim.bootstrap;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every Task API call of the server runs on, ttrpc and gRPC, on every socket: at most
 * {@value #MAX} ({@code shim-call-N}), gone after {@value #IDLE_SECONDS} s idle, further calls
 * queued. Only calls that do work hold one (Create, Delete, Exec...): Wait, which containerd
 * keeps open for every task, holds none (the task API answers it when the exit comes), so the
 * server's threads do not grow with its tasks, and a burst of calls queues rather than adding a
 * thread each (each server and its gRPC sockets used to have an unbounded pool of their own).
 * The price of the bound: a call that never returns (a logging binary that never says it is
 * ready keeps its Create waiting, as containerd's would) holds one of the {@value #MAX} for good.
 */
final class CallThreads {
    static final int MAX = 8;
    static final int IDLE_SECONDS = 30;

    private CallThreads() {}

    static ExecutorService open() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(MAX, MAX, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "shim-call-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
