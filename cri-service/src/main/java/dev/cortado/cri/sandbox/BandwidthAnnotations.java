package dev.cortado.cri.sandbox;

import dev.cortado.cri.network.PodAttachment;
import dev.cortado.errors.CortadoException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod's traffic shaping from its annotations, as kubelet and containerd read them
 * ({@code kubernetes.io/ingress-bandwidth}, {@code kubernetes.io/egress-bandwidth}, Kubernetes
 * quantities in bits per second), for CNI's {@code bandwidth} capability. Bursts are unlimited
 * ({@code math.MaxInt32}), as containerd passes them.
 */
final class BandwidthAnnotations {
    static final String INGRESS = "kubernetes.io/ingress-bandwidth";
    static final String EGRESS = "kubernetes.io/egress-bandwidth";
    private static final long UNLIMITED_BURST = Integer.MAX_VALUE;
    /** kubelet's bounds: 1 kbit/s to 1 Pbit/s. */
    private static final long MIN = 1000;

    private static final long MAX = 1_000_000_000_000_000L;
    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?");

    private BandwidthAnnotations() {}

    static Optional<PodAttachment.Bandwidth> of(Map<String, String> annotations) {
        long ingress = rate(annotations, INGRESS);
        long egress = rate(annotations, EGRESS);
        if (ingress == 0 && egress == 0) {
            return Optional.empty();
        }
        return Optional.of(new PodAttachment.Bandwidth(
                ingress, ingress == 0 ? 0 : UNLIMITED_BURST, egress, egress == 0 ? 0 : UNLIMITED_BURST));
    }

    private static long rate(Map<String, String> annotations, String key) {
        String value = annotations.get(key);
        if (value == null) {
            return 0;
        }
        Matcher m = QUANTITY.matcher(value.trim());
        if (!m.matches()) {
            throw CortadoException.invalidArgument("annotation %s: \"%s\" is not a quantity such as 10M", key, value);
        }
        BigDecimal bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier(m.group(2))));
        if (bits.compareTo(BigDecimal.valueOf(MIN)) < 0 || bits.compareTo(BigDecimal.valueOf(MAX)) > 0) {
            throw CortadoException.invalidArgument("annotation %s: %s is outside 1k..1P bits per second", key, value);
        }
        return bits.longValue();
    }

    private static long multiplier(String suffix) {
        if (suffix == null) {
            return 1;
        }
        return switch (suffix) {
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "P" -> 1_000_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            default -> 1L << 50;
        };
    }
}
