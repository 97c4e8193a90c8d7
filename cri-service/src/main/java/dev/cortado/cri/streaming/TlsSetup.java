package dev.cortado.cri.streaming;

import dev.cortado.cri.streaming.tls.ServerCredentials;
import dev.cortado.cri.streaming.tls.StreamingTls;
import dev.cortado.errors.CortadoException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The streaming server's TLS, when the config asks for it: credentials from the key pair files or
 * self-signed for this host (as containerd: its host name and addresses; every interface's address
 * when listening on all of them, else the listening one, plus loopback), and the Netty context made
 * from them with the JDK's TLS (no native library).
 */
record TlsSetup(SslContext context, X509Certificate certificate) {
    /** Nothing for {@link StreamingTls.Off}; INVALID_ARGUMENT for unusable files. */
    static Optional<TlsSetup> of(StreamingTls tls, String listenAddress) {
        Optional<ServerCredentials> credentials = ServerCredentials.of(tls, dnsNames(), addresses(listenAddress));
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        ServerCredentials c = credentials.get();
        try {
            SslContext context = SslContextBuilder.forServer(c.key(), c.chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK)
                    .build();
            return Optional.of(new TlsSetup(context, c.chain().get(0)));
        } catch (SSLException | IllegalArgumentException e) {
            throw CortadoException.invalidArgument("streaming: the TLS key pair cannot be used: %s", e.getMessage());
        }
    }

    private static List<String> dnsNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // no resolvable host name: the certificate names localhost and the addresses only
        }
        return List.copyOf(names);
    }

    private static List<InetAddress> addresses(String listenAddress) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        try {
            InetAddress listen = InetAddress.getByName(listenAddress);
            if (listen.isAnyLocalAddress()) {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    nic.inetAddresses().filter(a -> !a.isLinkLocalAddress()).forEach(addresses::add);
                }
            } else {
                addresses.add(listen);
            }
        } catch (UnknownHostException | SocketException e) {
            // the bind reports a bad address; the certificate still names loopback
        }
        addresses.add(InetAddress.getLoopbackAddress());
        return new ArrayList<>(addresses);
    }
}
