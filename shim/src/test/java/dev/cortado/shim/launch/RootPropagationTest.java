package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Privileged: {@code linux.rootfsPropagation} as runc does it: the new root's parent mount is made
 * private before pivot_root (which refuses a shared one with EINVAL), and the requested propagation
 * is applied to the new root afterwards. kubelet asks for rshared for a pod with a Bidirectional
 * volume; a mount the container makes under such a volume then shows on the host.
 */
@Tag("vm-also")
class RootPropagationTest extends PrivilegedLauncherFixture {

    private Spec withPropagation(Spec spec, String propagation) {
        return spec.withLinux(spec.linux().withRootfsPropagation(propagation));
    }

    /** The optional fields of the root mount in the container's mountinfo ("shared:N", "master:N"). */
    private static final String ROOT_TAGS =
            "awk '$5 == \"/\" {for (i = 7; $i != \"-\"; i++) printf \"%s \", $i; print \"\"}'"
                    + " /proc/self/mountinfo";

    @Test
    void rshared_runsWithASharedRoot() throws Exception {
        Containers.Result r = containers.run(withPropagation(shell(ROOT_TAGS), "rshared"));

        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("shared:");
    }

    @Test
    void rslaveAndShared_run() throws Exception {
        for (String p : List.of("rslave", "slave", "shared", "rprivate")) {
            Containers.Result r = containers.run(withPropagation(shell("echo ok"), p));
            assertThat(r.code()).as(p + ": " + r.stderr()).isZero();
            assertThat(r.stdout()).as(p).isEqualTo("ok\n");
        }
    }

    @Test
    void bidirectionalVolume_aMountTheContainerMakesShowsOnTheHost() throws Exception {
        Path volume = Files.createDirectories(tmp.resolve("volume"));
        Files.createDirectories(volume.resolve("inner"));
        run("mount", "--bind", volume.toString(), volume.toString());
        try {
            run("mount", "--make-shared", volume.toString());
            Spec spec = DefaultSpec.privileged(
                    shell("mount -t tmpfs from-container /vol/inner" + " && echo hello > /vol/inner/f"),
                    Host.capabilities());
            List<Spec.Mount> mounts = new ArrayList<>(spec.mounts());
            mounts.add(new Spec.Mount("/vol", "bind", volume.toString(), List.of("rbind", "rshared")));
            spec = withPropagation(spec.withMounts(mounts), "rshared");

            Containers.Result r = containers.run(spec);

            assertThat(r.code()).as(r.stderr()).isZero();
            assertThat(volume.resolve("inner/f")).hasContent("hello");
        } finally {
            run("umount", "-R", volume.toString());
        }
        assertThat(volume.resolve("inner/f")).doesNotExist();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
