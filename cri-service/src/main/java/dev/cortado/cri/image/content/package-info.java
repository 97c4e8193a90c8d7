/**
 * The content store: verified blobs under {@code content/blobs/sha256/<hex>} and resumable
 * partial downloads under {@code content/ingest/}; a blob is only ever visible under
 * {@code blobs/} complete and verified (temp + fsync + rename).
 *
 * <p>May import {@code image.reference} and {@code dev.cortado.errors}; nothing about registries.
 */
package dev.cortado.cri.image.content;
