package dev.cortado.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.spec.UnsupportedFeatures.HostLsm;
import org.junit.jupiter.api.Test;

/** What Cortado does not do fails the create naming the field, instead of being ignored. */
class UnsupportedFeaturesTest {
    private static final String BASE = """
            {"process": {"args": ["sh"], "cwd": "/", "apparmorProfile": "cri-containerd.apparmor.d",
                         "selinuxLabel": "system_u:system_r:container_t:s0"},
             "root": {"path": "rootfs"}, %s}""";

    private static SpecReader reader(boolean apparmor, boolean selinux) {
        return new SpecReader(new UnsupportedFeatures(new HostLsm(apparmor, selinux)));
    }

    private static void assertRefused(SpecReader reader, String json, String field) {
        assertThatThrownBy(() -> reader.parse(json))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNIMPLEMENTED))
                .hasMessageContaining(field);
    }

    @Test
    void hooks_seccompListener_andIntelRdt_areRefused() {
        assertRefused(
                reader(false, false),
                BASE.formatted("\"hooks\": {\"prestart\": [{\"path\": \"/bin/true\"}]}"),
                "hooks.prestart");
        assertRefused(
                reader(false, false),
                BASE.formatted(
                        "\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"/run/l.sock\"}}"),
                "linux.seccomp.listenerPath");
        assertRefused(
                reader(false, false),
                BASE.formatted("\"linux\": {\"intelRdt\": {\"closID\": \"a\"}}"),
                "linux.intelRdt");
    }

    @Test
    void emptyHooks_andLsmLabelsOnAHostWithoutThoseLsms_areFine() {
        Spec spec = reader(false, false).parse(BASE.formatted("\"hooks\": {\"prestart\": []}"));

        assertThat(spec.process().args()).containsExactly("sh");
    }

    @Test
    void lsmLabels_areRefusedWhereTheLsmIsEnabled() {
        assertRefused(reader(true, false), BASE.formatted("\"hostname\": \"x\""), "process.apparmorProfile");
        assertRefused(reader(false, true), BASE.formatted("\"hostname\": \"x\""), "process.selinuxLabel");
        assertThatThrownBy(() -> reader(true, false).parseProcess("{\"args\": [\"sh\"], \"apparmorProfile\": \"p\"}"))
                .hasMessageContaining("process.apparmorProfile");
    }

    @Test
    void aReaderForReadoption_checksNothing() {
        assertThat(new SpecReader()
                        .parse(BASE.formatted("\"hooks\": {\"poststop\": [{\"path\": \"/bin/true\"}]}"))
                        .process()
                        .args())
                .containsExactly("sh");
    }
}
