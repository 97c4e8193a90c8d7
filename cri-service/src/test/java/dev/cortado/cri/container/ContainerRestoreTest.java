package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.cri.checkpoint.CriuStatus;
import dev.cortado.cri.checkpoint.TestArchives;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CreateContainer whose image is a checkpoint archive (CRI-O's restore): the archive is checked
 * first, then criu; the new container runs the checkpoint's image with the request's config, its
 * root gets the archive's file changes, and its task is created with the CRIU images, to be
 * restored when it starts. Every refusal leaves nothing behind.
 */
class ContainerRestoreTest {
    @TempDir
    Path dir;

    private ContainerFixture f;
    private Path archive;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
        archive = TestArchives.checkpointOf(ContainerFixture.IMAGE, "/data")
                .rootfsDiff(new TestArchives().dir("data").file("data/count", "41"))
                .writeTo(dir.resolve("web-checkpoint.tar"));
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private static ContainerConfig restoring(Path archive, String... mounts) {
        ContainerConfig.Builder b = ContainerFixture.config("web-restored")
                .setImage(ImageSpec.newBuilder().setImage(archive.toString()))
                .addMounts(Mount.newBuilder().setContainerPath("/unrelated").setHostPath("/srv/unrelated"))
                .addMounts(Mount.newBuilder().setContainerPath("/etc/hosts").setHostPath("/srv/hosts"));
        for (String m : mounts) {
            b.addMounts(Mount.newBuilder().setContainerPath(m).setHostPath("/srv" + m));
        }
        return b.build();
    }

    @Test
    void archiveAsImage_createsTheTaskWithItsCriuImages_onTheCheckpointsImage_withItsFiles() throws Exception {
        Container c = f.service.create(f.podId, restoring(archive, "/data"), ContainerFixture.podConfig());

        assertThat(c.name()).isEqualTo("web-restored");
        assertThat(c.imageName()).isEqualTo(ContainerFixture.IMAGE);
        assertThat(c.config().getMountsList())
                .as("the checkpoint's bind mounts and the runtime's, from the request")
                .extracting(Mount::getHostPath)
                .containsExactlyInAnyOrder("/srv/hosts", "/srv/data");
        Path images = f.bundle(c.id()).resolve(ContainerCreator.RESTORE_IMAGES);
        assertThat(f.tasks.created.get(c.id()).checkpoint()).contains(images);
        assertThat(images.resolve("inventory.img")).hasContent("inventory");
        assertThat(f.bundle(c.id()).resolve("rootfs/data/count")).hasContent("41");
        assertThat(f.service.status(c.id()).state()).isEqualTo(ContainerState.CREATED);
    }

    @Test
    void undeclaredBindMount_isInvalidArgumentNamingIt_beforeCriuOrAnyTask() {
        f.criuCheck = new CriuStatus.Result(1, "Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds\n");

        refused(restoring(archive), ErrorKind.INVALID_ARGUMENT, "expects these bind mounts", "(/data)");
    }

    @Test
    void criuNotWorking_isFailedPreconditionWithCriusReason() {
        f.criuCheck = new CriuStatus.Result(1, "Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds\n");

        refused(
                restoring(archive, "/data"),
                ErrorKind.FAILED_PRECONDITION,
                "restore container web-restored from " + archive,
                "criu does not work on this node",
                "Unexpected rt vDSO area bounds");
    }

    @Test
    void badArchive_isInvalidArgument_evenWhereCriuDoesNotWork() throws Exception {
        f.criuCheck = new CriuStatus.Result(1, "Error: no criu\n");
        Path bad = TestArchives.checkpointOf(ContainerFixture.IMAGE)
                .file("../../etc/cron.d/evil", "* * * * * root sh")
                .writeTo(dir.resolve("bad.tar"));

        refused(restoring(bad), ErrorKind.INVALID_ARGUMENT, "is not a relative path inside the archive");
    }

    @Test
    void checkpointsImageNotOnTheNode_isNotFound() throws Exception {
        Path other = TestArchives.checkpointOf("localhost:5000/gone:1").writeTo(dir.resolve("gone.tar"));

        refused(restoring(other), ErrorKind.NOT_FOUND, "image \"localhost:5000/gone:1\" of checkpoint archive");
    }

    @Test
    void podNotReady_isFailedPrecondition() {
        String stopped = dev.cortado.cri.store.Ids.generate();
        f.addPod(stopped, false);

        assertThatThrownBy(() -> f.service.create(stopped, restoring(archive, "/data"), ContainerFixture.podConfig()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
    }

    @Test
    void taskCreateFails_everythingIsUndone() throws Exception {
        f.tasks.failures.put(
                "create", CortadoException.unimplemented("task: restore from checkpoint is not supported"));

        assertThatThrownBy(() -> f.service.create(f.podId, restoring(archive, "/data"), ContainerFixture.podConfig()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNIMPLEMENTED));
        assertThat(f.service.list(ContainerFilter.ALL)).isEmpty();
        f.tasks.failures.clear();
        try (Stream<Path> bundles = Files.list(f.bundle("x").getParent())) {
            assertThat(bundles).isEmpty();
        }
        Container again = f.service.create(f.podId, restoring(archive, "/data"), ContainerFixture.podConfig());
        assertThat(again.name()).as("the name was released").isEqualTo("web-restored");
    }

    private void refused(ContainerConfig config, ErrorKind kind, String... message) {
        assertThatThrownBy(() -> f.service.create(f.podId, config, ContainerFixture.podConfig()))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains(message);
                });
        assertThat(f.tasks.calls).noneMatch(call -> call.startsWith("create"));
        assertThat(f.service.list(ContainerFilter.ALL)).isEmpty();
    }
}
