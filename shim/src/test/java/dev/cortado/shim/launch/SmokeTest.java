package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.DefaultSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path tmp;

    @Test
    void smoke() throws Exception {
        Host.assumePrivileged();
        Path root = BusyboxRootfs.create(tmp);
        try (Containers c = new Containers(tmp)) {
            var r = c.run(DefaultSpec.of(root.toString(), List.of("sh", "-c", "echo hello; grep -E 'Cap|NoNew|Seccomp' /proc/self/status; ls -l /proc/self/fd; pwd; id; cat /proc/self/cgroup; exit 3")));
            System.err.println(r);
            assertThat(r.code()).isEqualTo(3);
        }
    }
}
