package dev.cortado.cri.image.registry;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the registry HTTP client: no automatic redirects, JDK CAs plus the configured ones. */
public final class HttpClients {
    private HttpClients() {}

    /** An HTTP client for {@code config}. */
    public static HttpClient create(RegistryConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // RegistryCaller follows them, safely
                .connectTimeout(Duration.ofSeconds(10));
        boolean extraCas = config.hosts().values().stream().anyMatch(h -> h.caFile() != null);
        if (extraCas) {
            builder.sslContext(sslContext(config));
        }
        return builder.build();
    }

    private static SSLContext sslContext(RegistryConfig config) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int i = 0;
            for (var tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    for (X509Certificate ca : ((X509TrustManager) tm).getAcceptedIssuers()) {
                        store.setCertificateEntry("jdk-" + i++, ca);
                    }
                }
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (RegistryHostConfig host : config.hosts().values()) {
                if (host.caFile() != null) {
                    for (Certificate ca : read(factory, host.caFile())) {
                        store.setCertificateEntry("configured-" + i++, ca);
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw CortadoException.invalidArgument("registry CA configuration is unusable: %s", e.getMessage());
        }
    }

    private static java.util.Collection<? extends Certificate> read(CertificateFactory factory, Path file)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return factory.generateCertificates(in);
        }
    }
}
