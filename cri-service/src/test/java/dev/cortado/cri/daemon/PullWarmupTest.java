package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.image.ImageStoreConfig;
import dev.cortado.cri.linux.NativeFsOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullWarmupTest {
    @TempDir
    Path root;

    @Test
    void warmup_pullsFromLoopbackThroughTheWholePath_andLeavesNothingBehind() throws Exception {
        Path scratch = root.resolve(PullWarmup.DIRECTORY);
        Files.createDirectories(scratch.resolve("snapshots/tmp-1/fs")); // what a crash mid-warm-up leaves

        boolean completed =
                PullWarmup.run(scratch, ImageStoreConfig.defaults(root), new NativeFsOps(), Clock.systemUTC());

        assertThat(completed).isTrue();
        assertThat(scratch).doesNotExist();
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void warmup_interruptedBeforeItsPulls_stopsAndCleansUp() throws Exception {
        Path scratch = root.resolve(PullWarmup.DIRECTORY);
        Thread.currentThread().interrupt();
        boolean completed;
        try {
            completed = PullWarmup.run(scratch, ImageStoreConfig.defaults(root), new NativeFsOps(), Clock.systemUTC());
        } finally {
            Thread.interrupted();
        }

        assertThat(completed).isFalse();
        assertThat(scratch).doesNotExist();
    }
}
