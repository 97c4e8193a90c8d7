package dev.cortado.shim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.shim.bootstrap.SyscallFifoWriters;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.linux.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fifos are made with mkfifo(3) through the port, never the {@code mkfifo} binary. */
class FifosTest {
    @TempDir
    Path tmp;

    @Test
    void make_callsMkfifoThroughThePortWithAnOwnerOnlyMode() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Path fifo = tmp.resolve("d/f");

        // the fake makes no file, so setting the permissions afterwards fails: the call is what counts
        assertThatThrownBy(() -> Fifos.make(new SyscallFifoWriters(sys), fifo, "rw-------"))
                .isInstanceOf(IOException.class);

        assertThat(sys.calls).containsExactly("mkfifo " + fifo + " 600");
    }

    @Test
    void make_onTheKernel_isAFifoWithThePermissionsAskedFor_andKeepsAnExistingOne() throws Exception {
        FifoWriters fifos = new SyscallFifoWriters(new LibcSyscalls());
        Path fifo = tmp.resolve("attach/c-stdout");

        Fifos.make(fifos, fifo, "rwx------");
        Fifos.make(fifos, fifo, "rwx------");

        assertThat(((int) Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000))
                .isEqualTo(0010000);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo)))
                .isEqualTo("rwx------");
    }

    @Test
    void make_overARegularFile_fails() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");

        assertThatThrownBy(() -> Fifos.make(new SyscallFifoWriters(new LibcSyscalls()), file, "rw-------"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a fifo");
    }
}
