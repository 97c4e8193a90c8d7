package dev.cortado.cri.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.network.PodAttachment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BandwidthAnnotationsTest {
    @Test
    void of_quantities_becomeBitsPerSecondWithUnlimitedBurst() {
        assertThat(BandwidthAnnotations.of(
                        Map.of(BandwidthAnnotations.INGRESS, "10M", BandwidthAnnotations.EGRESS, "1Mi")))
                .contains(new PodAttachment.Bandwidth(10_000_000, Integer.MAX_VALUE, 1 << 20, Integer.MAX_VALUE));
        assertThat(BandwidthAnnotations.of(Map.of("other", "1"))).isEmpty();
    }

    @Test
    void of_malformedOrOutOfRange_isInvalidArgumentNamingTheAnnotation() {
        assertThatThrownBy(() -> BandwidthAnnotations.of(Map.of(BandwidthAnnotations.INGRESS, "fast")))
                .hasMessageContaining(BandwidthAnnotations.INGRESS);
        assertThatThrownBy(() -> BandwidthAnnotations.of(Map.of(BandwidthAnnotations.EGRESS, "10")))
                .hasMessageContaining("outside");
    }
}
