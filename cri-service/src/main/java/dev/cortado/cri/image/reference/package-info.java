/**
 * Image references and content digests: parsing, validation and docker.io normalisation.
 *
 * <p>Pure values, no I/O. May import only {@code dev.cortado.errors}.
 */
package dev.cortado.cri.image.reference;
