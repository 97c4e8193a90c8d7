package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure at each CreateContainer step leaves nothing: no task, copier, mount, directory, record or name. */
class ContainerCreateUnwindTest {
    @TempDir
    Path dir;

    ContainerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void mountFails_directoriesAndNameAreUndone() {
        f.mounter.mountFailure = new IOException("mount overlay failed: errno 22");
        assertThatThrownBy(() -> f.create("c"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INTERNAL)
                .hasMessageContaining("errno 22");
        assertNothingLeft();
    }

    @Test
    void specFails_rootfsIsUnmounted() {
        var privileged = ContainerFixture.config("c")
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setSecurityContext(
                                LinuxContainerSecurityContext.newBuilder().setPrivileged(true)))
                .build();
        assertThatThrownBy(() -> f.service.create(f.podId, privileged, ContainerFixture.podConfig()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT)
                .hasMessageContaining("privileged");
        assertNothingLeft();
    }

    @Test
    void fifoFails_everythingBeforeIsUndone() {
        f.fifoFailure = new IOException("mkfifo: no space left on device");
        assertThatThrownBy(() -> f.create("c")).hasMessageContaining("no space left");
        assertNothingLeft();
    }

    @Test
    void logCopyFails_everythingBeforeIsUndone() {
        f.io.copyFailure = CortadoException.internal("cannot open fifo", null);
        assertThatThrownBy(() -> f.create("c")).hasMessageContaining("cannot open fifo");
        assertNothingLeft();
    }

    @Test
    void taskCreateFails_copierIsClosedToo() {
        f.tasks.failures.put("create", CortadoException.unavailable("shim start failed"));
        assertThatThrownBy(() -> f.create("c")).hasFieldOrPropertyWithValue("kind", ErrorKind.UNAVAILABLE);
        assertThat(f.io.copiers).hasSize(1).allSatisfy(c -> assertThat(c.closed).isTrue());
        assertNothingLeft();
    }

    @Test
    void recordFails_taskIsDeletedToo() {
        f.store.failTransaction(2);
        assertThatThrownBy(() -> f.create("c")).hasMessageContaining("injected store failure");
        assertThat(f.tasks.calls).anyMatch(c -> c.startsWith("delete "));
        assertThat(f.tasks.live).isEmpty();
        assertThat(f.io.copiers).allSatisfy(c -> assertThat(c.closed).isTrue());
        assertNothingLeft();
    }

    @Test
    void badImageStopSignal_isInvalidArgumentAndUndone() {
        ImageSource.Resolved image = f.images.get(ContainerFixture.IMAGE);
        f.images.put(
                ContainerFixture.IMAGE,
                new ImageSource.Resolved(
                        image.id(),
                        image.name(),
                        image.imageRef(),
                        new dev.cortado.cri.spec.ImageConfig(
                                java.util.List.of(),
                                java.util.List.of("sh"),
                                java.util.List.of(),
                                "",
                                "",
                                new java.util.TreeSet<>(),
                                "SIGBOGUS"),
                        image.layers()));
        assertThatThrownBy(() -> f.create("c"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT)
                .hasMessageContaining("SIGBOGUS");
        f.images.put(ContainerFixture.IMAGE, image);
        assertNothingLeft();
    }

    private void assertNothingLeft() {
        assertThat(f.mounter.mounted).isEmpty();
        assertThat(f.service.list(ContainerFilter.ALL)).isEmpty();
        assertThat(f.tasks.live).isEmpty();
        assertThat(f.io.copiers).allSatisfy(c -> assertThat(c.closed).isTrue());
        assertThat(children(dir.resolve("state/containers"))).isEmpty();
        assertThat(children(dir.resolve("root/containers"))).isEmpty();
        f.fifoFailure = null;
        f.io.copyFailure = null;
        f.mounter.mountFailure = null;
        f.tasks.failures.clear();
        assertThat(f.create("c").name()).as("the name was released").isEqualTo("c");
    }

    private static java.util.List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
