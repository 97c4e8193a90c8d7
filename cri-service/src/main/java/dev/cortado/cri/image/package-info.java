/**
 * The image service domain: pull, status, list, remove, filesystem info and garbage collection
 * over the registry client, content store, unpacker and snapshots, with image metadata that
 * survives restarts. CRI adapters call {@link dev.cortado.cri.image.ImageService}; nothing here
 * sees generated protobuf types.
 */
package dev.cortado.cri.image;
