/**
 * Linux system calls for the CRI service through JNA: the only package of cri-service that may
 * import {@code com.sun.jna}; everything else sees our interfaces (such as
 * {@link dev.cortado.cri.image.unpack.FsOps}) and tests pass fakes.
 *
 * <p>May import {@code image.unpack}, {@code sandbox} and {@code logs} (for the interfaces it implements), {@code image.reference}
 * (the name of the SHA-256 provider {@code NativeDigests} installs) and {@code dev.cortado.errors};
 * no generated protos, no {@code grpc}, no {@code daemon}.
 */
package dev.cortado.cri.linux;
