/**
 * The metadata store: sandboxes, containers and their name reservations, durable across restarts.
 * Domain packages own their record encoding; the store keeps opaque payloads keyed by id, so it
 * never imports sandbox or container types.
 */
package dev.cortado.cri.store;
