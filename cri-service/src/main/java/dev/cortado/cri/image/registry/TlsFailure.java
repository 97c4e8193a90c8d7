package dev.cortado.cri.image.registry;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sorts out the connection failures no retry can fix, a TLS handshake that failed on the
 * certificate or a peer that does not speak TLS, and says which setting fixes each; a reset or a
 * timeout during the handshake stays retryable.
 */
final class TlsFailure {
    private TlsFailure() {}

    /** A final error for {@code failure} on {@code endpoint}, or empty when a retry may help. */
    static Optional<CortadoException> of(IOException failure, RegistryEndpoint endpoint) {
        String reason = null;
        for (Throwable t = failure; t != null && reason == null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("plaintext connection") || message.contains("unrecognized ssl message")) {
                reason =
                        "the server does not speak TLS (it answered in plain text); if it is a plain-HTTP registry, set "
                                + endpoint.configHint("insecure") + " = true";
            } else if (t instanceof CertPathValidatorException
                    || message.contains("pkix path")
                    || message.contains("unable to find valid certification path")) {
                reason = "its certificate is not signed by a trusted CA; set " + endpoint.configHint("ca_file")
                        + " to the PEM file of the CA that signed it";
            } else if (message.contains("subject alternative") || message.contains("no name matching")) {
                reason = "its certificate does not name this host; use the name the certificate was issued for, or set "
                        + endpoint.configHint("ca_file") + " to a CA whose certificate for it does";
            } else if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) {
                reason = "its certificate was refused (" + t.getMessage() + "); set " + endpoint.configHint("ca_file")
                        + " or, for a plain-HTTP registry, " + endpoint.configHint("insecure") + " = true";
            }
        }
        if (reason == null && isHandshake(failure) && !mentionsBrokenConnection(failure)) {
            reason = "the TLS handshake failed (" + failure.getMessage() + "); set " + endpoint.configHint("ca_file")
                    + " or, for a plain-HTTP registry, " + endpoint.configHint("insecure") + " = true";
        }
        return Optional.ofNullable(reason)
                .map(r -> new CortadoException(
                        ErrorKind.FAILED_PRECONDITION,
                        "tls connection to " + endpoint + " failed, not retrying: " + r,
                        failure));
    }

    private static boolean isHandshake(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsBrokenConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("reset") || m.contains("closed") || m.contains("timed out") || m.contains("eof")) {
                return true;
            }
        }
        return false;
    }
}
