package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.linux.RecordingSyscalls;
import dev.cortado.shim.task.RootfsMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rootfs mounts are mount(2) calls with the options split into flags and data as `mount` splits them. */
class SyscallMounterTest {
    @TempDir
    Path tmp;

    @Test
    void overlay_optionsBecomeTheDataString_andNamedFlagsBecomeFlags() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Path target = Files.createDirectories(tmp.resolve("rootfs"));

        new SyscallMounter(sys, tmp.resolve("no-mountinfo"))
                .mount(
                        List.of(new RootfsMount(
                                "overlay",
                                "overlay",
                                List.of("index=off", "nosuid", "lowerdir=/l2:/l1", "upperdir=/u", "workdir=/w"))),
                        target);

        assertThat(sys.calls)
                .containsExactly(
                        "mount overlay " + target + " overlay 2 index=off,lowerdir=/l2:/l1,upperdir=/u,workdir=/w");
    }

    @Test
    void readOnlyBind_isRemounted_andPropagationIsItsOwnCall() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Path target = Files.createDirectories(tmp.resolve("rootfs"));

        new SyscallMounter(sys, tmp.resolve("no-mountinfo"))
                .mount(List.of(new RootfsMount("bind", "/src", List.of("rbind", "ro", "rprivate"))), target);

        long bindRo = 4096 | 16384 | 1;
        assertThat(sys.calls)
                .containsExactly(
                        "mount /src " + target + " bind " + bindRo + " ",
                        "mount  " + target + "  " + ((1L << 18) | 16384) + " ",
                        "mount  " + target + "  " + (bindRo | 32) + " ");
    }

    @Test
    void unsupportedOption_isInvalidArgumentBeforeAnyMount() {
        RecordingSyscalls sys = new RecordingSyscalls();

        assertThatThrownBy(() ->
                        new SyscallMounter(sys).mount(List.of(new RootfsMount("bind", "/s", List.of("rro"))), tmp))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("rro");
        assertThat(sys.calls).isEmpty();
    }

    @Test
    void unmount_takesEveryMountAtOrBelowTheTarget_deepestFirst() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Path target = Files.createDirectories(tmp.resolve("my rootfs"));
        String t = target.toRealPath().toString().replace(" ", "\\040");
        Path mountinfo = Files.writeString(
                tmp.resolve("mountinfo"),
                String.join(
                                "\n",
                                "22 1 0:21 / /proc rw - proc proc rw",
                                "30 22 0:50 / " + t + " rw - overlay overlay rw",
                                "31 30 0:51 / " + t + "/proc rw - proc proc rw",
                                "32 1 0:52 / " + t + "x rw - tmpfs tmpfs rw")
                        + "\n");

        new SyscallMounter(sys, mountinfo).unmount(target);

        assertThat(sys.calls)
                .containsExactly("umount " + target.toRealPath() + "/proc 0", "umount " + target.toRealPath() + " 0");
    }

    @Test
    void onTheKernel_tmpfsWithOptions_mountsAndUnmounts() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: mounts a tmpfs");
        Path target = Files.createDirectories(tmp.resolve("rootfs"));
        SyscallMounter mounter = new SyscallMounter(new LibcSyscalls());

        mounter.mount(
                List.of(new RootfsMount("tmpfs", "hardening-test", List.of("nosuid", "size=1m", "mode=0755"))), target);
        String real = target.toRealPath().toString();
        try {
            String line = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.split(" ")[4].equals(real))
                    .findFirst()
                    .orElseThrow();
            assertThat(line).contains("nosuid").contains("size=1024k").contains(" tmpfs hardening-test ");
        } finally {
            mounter.unmount(target);
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(" " + target.toRealPath() + " ");
    }
}
