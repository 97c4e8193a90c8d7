/**
 * Containers through CRI, end to end: one contract suite ({@code ContainerLifecycleContract}) told
 * as kubelet drives a runtime (pull, runp, create, start, status, logs, exec -s, stop, rm, stopp,
 * rmp), run against the reference (Debian's containerd 1.6 CRI plugin with runc) and against
 * Cortado's daemon with each of its handlers (its own shim, and runc's); the images come from a
 * docker-registry on loopback. The benchmark ({@code integration.bench}) reuses its runtimes.
 */
package dev.cortado.integration.containers;
