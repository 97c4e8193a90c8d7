package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the network config from containerd's {@code conf_template} once kubelet hands over the
 * node's pod CIDR (UpdateRuntimeConfig), with containerd's template fields: {@code PodCIDR} (the
 * first range), {@code PodCIDRRanges} and {@code Routes} (a default route per address family).
 */
final class PodCidrTemplate {
    /** The file written, like containerd's {@code 10-containerd-net.conflist}. */
    static final String FILE_NAME = "10-cortado-net.conflist";

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern CIDR = Pattern.compile("([0-9a-fA-F:.]+)/([0-9]{1,3})");

    private final Path template;

    PodCidrTemplate(Path template) {
        this.template = template;
    }

    /** The comma-separated CIDRs as kubelet sends them, each checked. */
    static List<String> parseCidrs(String podCidr) {
        List<String> cidrs = new ArrayList<>();
        for (String part : podCidr.split(",", -1)) {
            String cidr = part.strip();
            var m = CIDR.matcher(cidr);
            int bits = m.matches() ? Integer.parseInt(m.group(2)) : -1;
            if (bits < 0 || bits > (cidr.contains(":") ? 128 : 32) || !isLiteral(m.group(1))) {
                throw CortadoException.invalidArgument(
                        "pod cidr \"%s\" is not a list of CIDRs like 10.88.0.0/16", podCidr);
            }
            cidrs.add(cidr);
        }
        return cidrs;
    }

    /** containerd's getRoutes: 0.0.0.0/0 if any range is IPv4, ::/0 if any is IPv6. */
    static List<String> routes(List<String> cidrs) {
        List<String> routes = new ArrayList<>();
        if (cidrs.stream().anyMatch(c -> !c.contains(":"))) {
            routes.add("0.0.0.0/0");
        }
        if (cidrs.stream().anyMatch(c -> c.contains(":"))) {
            routes.add("::/0");
        }
        return routes;
    }

    /** Renders the template for {@code cidrs} into {@code confDir}, atomically; returns the file. */
    Path writeInto(Path confDir, List<String> cidrs) {
        String text;
        try {
            text = Files.readString(template);
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION,
                    "cannot read cni config template " + template + ": " + e.getMessage(),
                    e);
        }
        String rendered;
        try {
            rendered = GoTemplate.parse(text)
                    .render(Map.of("PodCIDR", cidrs.get(0), "PodCIDRRanges", cidrs, "Routes", routes(cidrs)));
        } catch (IllegalArgumentException e) {
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION,
                    "cannot render cni config template " + template + ": " + e.getMessage(),
                    e);
        }
        Path file = confDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(confDir);
            AtomicFiles.write(file, rendered.getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.INTERNAL, "cannot write cni config " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static boolean isLiteral(String ip) {
        if (!ip.contains(":")) {
            return IPV4.matcher(ip).matches()
                    && Arrays.stream(ip.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        }
        try {
            // With a colon, InetAddress parses an IPv6 literal and never resolves a name.
            InetAddress.getByName(ip);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return template.toString();
    }
}
