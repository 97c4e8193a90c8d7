package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.api.cri.v1.Signal;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-function rules: cgroups path, stop signal, annotations. */
class SmallRulesTest {
    @Test
    void cgroupsPath_cgroupfsAndSystemdForms() {
        assertThat(CgroupsPath.of("/kubepods/burstable/podX", "c1")).isEqualTo("/kubepods/burstable/podX/c1");
        assertThat(CgroupsPath.of("/kubepods/", "c1")).isEqualTo("/kubepods/c1");
        assertThat(CgroupsPath.of("kubepods-besteffort-podX.slice", "c1"))
                .isEqualTo("kubepods-besteffort-podX.slice:cri-containerd:c1");
        assertThat(CgroupsPath.of("/kubepods.slice/kubepods-podX.slice", "c1"))
                .isEqualTo("kubepods-podX.slice:cri-containerd:c1");
        assertThat(CgroupsPath.of("", "c1")).isEmpty();
    }

    @Test
    void stopSignal_criThenImageThenSigterm() {
        assertThat(StopSignals.resolve(Signal.SIGNAL_SIGUSR1, "SIGQUIT")).isEqualTo("SIGUSR1");
        assertThat(StopSignals.resolve(Signal.SIGNAL_RUNTIME_DEFAULT, "SIGQUIT"))
                .isEqualTo("SIGQUIT");
        assertThat(StopSignals.resolve(Signal.SIGNAL_RUNTIME_DEFAULT, "")).isEqualTo("SIGTERM");
        assertThat(StopSignals.name(Signal.SIGNAL_SIGRTMINPLUS3)).isEqualTo("SIGRTMIN+3");
        assertThat(StopSignals.name(Signal.SIGNAL_SIGRTMAXMINUS2)).isEqualTo("SIGRTMAX-2");
        assertRefused(() -> StopSignals.resolve(Signal.UNRECOGNIZED, ""), ErrorKind.INVALID_ARGUMENT, "stop_signal");
    }

    @Test
    void annotations_criKeysWinOverPassThrough() {
        var pod = Requests.pod()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName("n")
                        .setNamespace("ns")
                        .setUid("u"))
                .putAnnotations("io.kubernetes.cri.sandbox-id", "spoofed")
                .putAnnotations("pod.example/keep", "1")
                .build();
        // globs match as Go's filepath.Match: "*" stops at "/"
        RuntimeOptions options = RuntimeOptions.builder()
                .podAnnotations(List.of("*", "pod.example/*"))
                .build();
        Map<String, String> a = CriAnnotations.build("sb", "c", "img", pod, Map.of("x", "y"), options);
        assertThat(a)
                .containsEntry("io.kubernetes.cri.sandbox-id", "sb")
                .containsEntry("pod.example/keep", "1")
                .containsEntry("io.kubernetes.cri.container-type", "container")
                .doesNotContainKey("x");
    }
}
