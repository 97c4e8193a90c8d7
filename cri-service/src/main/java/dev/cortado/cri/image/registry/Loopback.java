package dev.cortado.cri.image.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a registry authority is on this machine, as containerd decides it: {@code localhost} or
 * a loopback IP literal ({@code 127.0.0.0/8}, {@code ::1}), any port. Names are never resolved.
 */
final class Loopback {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Loopback() {}

    /**
     * containerd 1.6 {@code remotes/docker/resolver.go} {@code IsLocalhost}: the host without its
     * port is "localhost" or {@code net.ParseIP(host).IsLoopback()}.
     */
    static boolean is(String authority) {
        String host = host(authority);
        if (host.equals("localhost")) {
            return true;
        }
        boolean literal = IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
        if (!literal) {
            return false; // a name: never looked up, as Go's ParseIP does not look it up either
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The lower-case host of {@code authority} ({@code host[:port]}), IPv6 brackets removed. */
    static String host(String authority) {
        String host;
        try {
            host = URI.create("http://" + authority).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        if (host == null) {
            host = authority;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }
}
