package dev.cortado.cri.spec.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cortado.cri.spec.HostFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostFactsTest {
    @TempDir
    Path dir;

    @Test
    void devNull_isCharacterDevice1_3() {
        assumeThat(Path.of("/dev/null")).as("needs a Linux /dev").exists();
        HostFacts.HostDevice d = new LinuxHostFacts().device("/dev/null").orElseThrow();
        assertThat(d)
                .extracting(HostFacts.HostDevice::type, HostFacts.HostDevice::major, HostFacts.HostDevice::minor)
                .containsExactly("c", 1L, 3L);
        assertThat(d.fileMode()).isEqualTo(0666);
        assertThat(new LinuxHostFacts().device("/etc/hostname")).isEmpty();
        assertThat(new LinuxHostFacts().device("/dev/does-not-exist")).isEmpty();
    }

    @Test
    void allDevices_includeNullButNoPtsOrSymlinks() {
        assumeThat(Path.of("/dev/null")).as("needs a Linux /dev").exists();
        assertThat(new LinuxHostFacts().allDevices())
                .extracting(HostFacts.HostDevice::path)
                .contains("/dev/null")
                .noneMatch(p -> p.startsWith("/dev/pts/") || p.equals("/dev/console") || p.equals("/dev/stdin"));
    }

    @Test
    void allCapabilities_ofThisKernel_areAllOfThem() throws Exception {
        int last = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap"))
                .get(0)
                .strip());
        assertThat(new LinuxHostFacts().allCapabilities())
                .hasSize(Math.min(last, 40) + 1)
                .contains("CAP_NET_ADMIN", "CAP_SYS_ADMIN");
    }

    @Test
    void kernelFacts_areReadUnderTheRoot() throws Exception {
        Files.createDirectories(dir.resolve("proc/sys/kernel"));
        Files.writeString(dir.resolve("proc/sys/kernel/cap_last_cap"), "37\n");
        Files.createDirectories(dir.resolve("proc/self"));
        Files.writeString(dir.resolve("proc/self/status"), "Name:\tjava\nSeccomp:\t0\n");
        LinuxHostFacts host = new LinuxHostFacts(dir);
        assertThat(host.allCapabilities()).hasSize(38).endsWith("CAP_AUDIT_READ");
        assertThat(host.seccompEnabled()).isTrue();
        assertThat(host.apparmorEnabled()).isFalse();
        assertThat(host.cdiSpecDirsPresent()).isFalse();
        Files.createDirectories(dir.resolve("sys/module/apparmor/parameters"));
        Files.writeString(dir.resolve("sys/module/apparmor/parameters/enabled"), "Y\n");
        Files.createDirectories(dir.resolve("sys/kernel/security/apparmor"));
        Files.writeString(dir.resolve("sys/kernel/security/apparmor/profiles"), "deny-write (enforce)\n");
        Files.createDirectories(dir.resolve("etc/cdi"));
        assertThat(host.apparmorEnabled()).isTrue();
        assertThat(host.apparmorProfileLoaded("deny-write")).isTrue();
        assertThat(host.apparmorProfileLoaded("deny")).isFalse();
        assertThat(host.cdiSpecDirsPresent()).isTrue();
    }

    @Test
    void mountSource_createsAMissingDirectory_andResolvesSymlinks() throws Exception {
        LinuxHostFacts host = new LinuxHostFacts(dir);
        Path missing = dir.resolve("a/b");
        assertThat(host.mountSource(missing.toString()))
                .isEqualTo(missing.toRealPath().toString());
        assertThat(missing).isDirectory();
        Path link = Files.createSymbolicLink(dir.resolve("link"), missing);
        assertThat(host.mountSource(link.toString()))
                .isEqualTo(missing.toRealPath().toString());
    }

    @Test
    void mountinfo_propagationOfTheDeepestMount() {
        String info = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                + "30 22 0:5 / /mnt rw,relatime master:3 - tmpfs tmpfs rw\n"
                + "31 30 0:6 / /mnt/private rw,relatime - tmpfs tmpfs rw\n"
                + "32 22 0:7 / /with\\040space rw shared:9 master:2 - tmpfs tmpfs rw\n";
        assertThat(MountInfo.propagation(info, "/var/lib/x")).isEqualTo(HostFacts.Propagation.SHARED);
        assertThat(MountInfo.propagation(info, "/mnt/a")).isEqualTo(HostFacts.Propagation.SLAVE);
        assertThat(MountInfo.propagation(info, "/mnt/private/a")).isEqualTo(HostFacts.Propagation.PRIVATE);
        assertThat(MountInfo.propagation(info, "/mntx")).isEqualTo(HostFacts.Propagation.SHARED);
        assertThat(MountInfo.propagation(info, "/with space/d")).isEqualTo(HostFacts.Propagation.SHARED);
    }

    @Test
    void readFile_sizeLimited() throws Exception {
        Path f = Files.writeString(dir.resolve("profile.json"), "{}");
        LinuxHostFacts host = new LinuxHostFacts(dir);
        assertThat(host.readFile(f.toString(), 10)).contains("{}");
        assertThat(host.readFile(dir.resolve("none").toString(), 10)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.readFile(f.toString(), 1))
                .hasMessageContaining("larger than 1 bytes");
    }
}
