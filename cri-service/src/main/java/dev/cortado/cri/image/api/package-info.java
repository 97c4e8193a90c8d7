/**
 * The thin CRI adapter of the image service: generated {@code runtime.v1} types in, domain
 * records out, and back. The only image package that sees protobuf; errors are thrown as
 * {@code CortadoException} and mapped by the server's {@code ErrorInterceptor}.
 */
package dev.cortado.cri.image.api;
