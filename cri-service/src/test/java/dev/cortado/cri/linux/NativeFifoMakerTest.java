package dev.cortado.cri.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mkfifo makes a private fifo and refuses to replace a file. */
class NativeFifoMakerTest {
    @TempDir
    Path dir;

    @Test
    void mkfifo_makesAPrivateFifo_andRefusesAnExistingPath() throws Exception {
        Path fifo = dir.resolve("stdout");
        new NativeFifoMaker().mkfifo(fifo);
        assertThat(Files.readAttributes(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS)
                        .get("mode"))
                .isEqualTo(0010000 | 0600);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo)))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> new NativeFifoMaker().mkfifo(fifo))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("errno 17");
    }
}
