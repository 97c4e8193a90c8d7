/**
 * Containers through CRI: {@link dev.cortado.cri.container.Containers} is the lifecycle the CRI
 * adapter drives (create, start, stop, remove, status, list, exec sync, log reopen, events);
 * containers are persisted in the metadata store, run as tasks of their pod's runtime handler
 * ({@code cri.runtime.Tasks}) and log through {@code cri.logs}.
 */
package dev.cortado.cri.container;
