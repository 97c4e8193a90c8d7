/**
 * TLS for the streaming server, as containerd's CRI plugin offers it ({@code enable_tls_streaming},
 * {@code x509_key_pair_streaming}): the mode from the config ({@link
 * dev.cortado.cri.streaming.tls.StreamingTls}), a PEM certificate chain and private key read and
 * checked against each other ({@link dev.cortado.cri.streaming.tls.ServerCredentials}), or a
 * self-signed certificate made with the JDK alone ({@link
 * dev.cortado.cri.streaming.tls.SelfSignedCertificate}, DER written by {@code Der}). No Netty, no
 * BouncyCastle.
 */
package dev.cortado.cri.streaming.tls;
