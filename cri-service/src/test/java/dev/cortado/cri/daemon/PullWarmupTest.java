package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.image.ImageStoreConfig;
import dev.cortado.cri.image.PullRecorder;
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

    @Test
    void aRealPullBeforeTheWarmupStarts_keepsItFromStarting() {
        PullWarmup.Gate gate = new PullWarmup.Gate();
        gate.stoppingAt(PullRecorder.NONE).started().finished(java.util.Optional.empty());

        try (PullWarmup warmup =
                PullWarmup.start(gate, root, ImageStoreConfig.defaults(root), new NativeFsOps(), Clock.systemUTC())) {
            assertThat(warmup).isNotNull();
        }
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aRealPull_stopsARunningWarmup_whichCleansUp() throws Exception {
        PullWarmup.Gate gate = new PullWarmup.Gate();
        PullWarmup warmup =
                PullWarmup.start(gate, root, ImageStoreConfig.defaults(root), new NativeFsOps(), Clock.systemUTC());
        Thread.sleep(300);

        gate.stoppingAt(PullRecorder.NONE).started();
        warmup.close(); // waits up to 5 s for it: stopped by the pull, it ends well before here

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30); // a loaded CI
        while (Files.exists(root.resolve(PullWarmup.DIRECTORY)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(root.resolve(PullWarmup.DIRECTORY)).doesNotExist();
    }
}
