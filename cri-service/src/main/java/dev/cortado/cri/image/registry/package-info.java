/**
 * The OCI distribution client on {@code java.net.http}: endpoints and mirrors, authentication
 * (Basic, Bearer with a token cache per scope), manifests and platform selection, and blob
 * streaming with retries, safe redirects and a no-progress timeout.
 *
 * <p>May import {@code image.reference}, {@code dev.cortado.errors}, Jackson and Resilience4j;
 * never {@code image.content}, {@code image.unpack} or the service packages. Credentials are never
 * logged nor put in error messages.
 */
package dev.cortado.cri.image.registry;
