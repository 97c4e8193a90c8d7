/**
 * The shim server's one event loop: a single thread waiting in epoll(7) for every process's
 * monitor reply (its exit), stdio pipe and cgroup events file, so the server's thread count does
 * not grow with its tasks. {@link dev.cortado.shim.loop.IoLoop} owns the thread and a small fixed
 * pool for the blocking work that follows an event; {@link dev.cortado.shim.loop.FdPump} copies
 * one stream; {@link dev.cortado.shim.loop.FileWatches} is inotify on the loop.
 *
 * <p>Uses {@code linux}'s syscall interface, never JNA itself.
 */
package dev.cortado.shim.loop;
