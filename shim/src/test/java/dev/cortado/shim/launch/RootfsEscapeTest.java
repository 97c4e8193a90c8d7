package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Privileged: images and specs that try to make the launcher touch the host. */
class RootfsEscapeTest extends PrivilegedLauncherFixture {
    private Path host;

    @BeforeEach
    void setUp() throws Exception {
        host = Files.createDirectory(tmp.resolve("host"));
    }

    private Spec spec(String script) {
        return DefaultSpec.of(rootfs.toString(), List.of("sh", "-c", script));
    }

    @Test
    void devSymlinkToHostPath_failsAndCreatesNothingOutside() throws Exception {
        // CVE-2026-41579: /dev -> a host path, existing or not
        Path missing = host.resolve("missing-dev");
        Files.delete(rootfs.resolve("dev"));
        Files.createSymbolicLink(rootfs.resolve("dev"), missing);

        assertThatThrownBy(() -> containers.create(spec("true")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("/dev");
        assertThat(missing).doesNotExist();
        try (var entries = Files.list(host)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void devSymlinkToExistingHostDirectory_leavesItEmpty() throws Exception {
        Files.delete(rootfs.resolve("dev"));
        Files.createSymbolicLink(rootfs.resolve("dev"), host);

        assertThatThrownBy(() -> containers.create(spec("true"))).isInstanceOf(CortadoException.class);
        try (var entries = Files.list(host)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void procSymlink_isRefusedNamingProc() throws Exception {
        // CVE-2019-16884 class: /proc must be an ordinary directory
        Files.delete(rootfs.resolve("proc"));
        Files.createSymbolicLink(rootfs.resolve("proc"), host);

        assertThatThrownBy(() -> containers.create(spec("true")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("/proc");
        try (var entries = Files.list(host)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void bindMountThroughAbsoluteSymlink_staysInsideTheRootfs() throws Exception {
        // a symlink in the image is resolved as if the rootfs were "/" (CVE-2021-30465 class)
        Path source = Files.createDirectory(tmp.resolve("volume"));
        Files.writeString(source.resolve("file"), "volume\n");
        Files.createSymbolicLink(rootfs.resolve("link"), host);
        Files.createDirectories(rootfs.resolve(host.toString().substring(1)));
        Spec s = spec("cat " + host + "/file");
        List<Spec.Mount> mounts = new java.util.ArrayList<>(s.mounts());
        mounts.add(new Spec.Mount("/link", "bind", source.toString(), List.of("rbind", "ro")));

        Containers.Result r = containers.run(s.withMounts(mounts));

        assertThat(r.stdout()).isEqualTo("volume\n");
        try (var entries = Files.list(host)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void cwdThroughProcFdMagicLink_isRefused() {
        // CVE-2024-21626: a cwd of /proc/self/fd/N must never resolve to a leaked host directory
        Spec s = spec("pwd");
        ProcessSpec p = s.process();
        Spec leaky = s.withProcess(p.toBuilder()
                .terminal(false)
                .cwd("/proc/self/fd/3")
                .noNewPrivileges(false)
                .oomScoreAdj(null)
                .build());

        assertThatThrownBy(() -> containers.create(leaky))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("working directory");
    }

    @Test
    void missingCwd_isCreatedInsideTheRootfs() throws Exception {
        Spec s = spec("pwd");
        ProcessSpec p = s.process();
        Spec withCwd = s.withProcess(p.toBuilder()
                .terminal(false)
                .cwd("/work/app")
                .noNewPrivileges(false)
                .oomScoreAdj(null)
                .build());

        assertThat(containers.run(withCwd).stdout()).isEqualTo("/work/app\n");
        assertThat(rootfs.resolve("work/app")).isDirectory();
    }

    @Test
    void fakeProcDirectory_isNeverMaskedOrWrittenAsProcfs() throws Exception {
        // CVE-2019-19921 class: without a proc mount, /proc is the image's own directory;
        // a masked or read-only path there is refused instead of "hardened"
        Files.writeString(rootfs.resolve("proc/keys"), "fake\n");
        Spec s = spec("true");
        s = s.withMounts(s.mounts().stream()
                .filter(m -> !m.destination().equals("/proc"))
                .toList());
        Spec noProc = s;

        assertThatThrownBy(() -> containers.create(noProc))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("is not on procfs");
    }
}
