/**
 * The metadata store: sandboxes, containers and their name reservations, durable across restarts,
 * in one SQLite file ({@code <root>/cortado.db}) that also holds the image records.
 * Domain packages own their record encoding; the store keeps opaque payloads keyed by id, so it
 * never imports sandbox, container or image types; each decodes them into a
 * {@link dev.cortado.cri.store.StoreIndex}, the in-memory read path every commit keeps current.
 * {@link dev.cortado.cri.store.InMemoryMetadataStore}
 * keeps the same contract for unit tests.
 */
package dev.cortado.cri.store;
