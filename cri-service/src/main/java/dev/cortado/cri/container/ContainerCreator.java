package dev.cortado.cri.container;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.cri.checkpoint.CheckpointArchive;
import dev.cortado.cri.checkpoint.CriuStatus;
import dev.cortado.cri.checkpoint.RestoreFiles;
import dev.cortado.cri.image.snapshot.OverlayMounts;
import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.sandbox.Unwind;
import dev.cortado.cri.spec.OciJson;
import dev.cortado.cri.spec.OciSpec;
import dev.cortado.cri.spec.SpecRequest;
import dev.cortado.cri.spec.SpecResult;
import dev.cortado.cri.spec.host.DirectoryRootfs;
import dev.cortado.cri.store.Ids;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CreateContainer's steps, each undone when a later one fails (house rule 19): pod and image
 * checks, the name reservation ({@code name_podname_podnamespace_poduid_attempt}, containerd's
 * {@code makeContainerName}), directories, the overlay rootfs, the spec, image volumes, fifos,
 * the log copy (started before the shim's Create: its open never blocks), the task, the record.
 * An image that is the path of a checkpoint archive makes a restore, as CRI-O's: the archive is
 * checked first ({@link CheckpointArchive}, {@link RestoreRequest}), then criu ({@code criu
 * check}); the root gets the archive's file changes, the bundle its CRIU images, and the task is
 * created with them, to be restored when it starts.
 */
final class ContainerCreator {
    private final ContainerParts parts;
    private final ContainerRecords records;
    private final ContainerDirs dirs;
    private final LogCopiers copiers;
    private final CriuStatus criu;

    ContainerCreator(
            ContainerParts parts, ContainerRecords records, ContainerDirs dirs, LogCopiers copiers, CriuStatus criu) {
        this.parts = parts;
        this.records = records;
        this.dirs = dirs;
        this.copiers = copiers;
        this.criu = criu;
    }

    Container create(PodLookup.Pod pod, ContainerConfig request, PodSandboxConfig podConfig) {
        ContainerConfig config = request;
        if (!config.hasMetadata() || config.getMetadata().getName().isEmpty()) {
            throw CortadoException.invalidArgument("container config must include metadata with a name");
        }
        if (config.getImage().getImage().isEmpty()) {
            throw CortadoException.invalidArgument(
                    "container %s names no image", config.getMetadata().getName());
        }
        if (!pod.ready()) {
            throw CortadoException.failedPrecondition(
                    "cannot create container %s: pod sandbox %s is not READY",
                    config.getMetadata().getName(), pod.id());
        }
        Optional<CheckpointArchive> archive =
                CheckpointArchive.named(config.getImage().getImage()).map(CheckpointArchive::read);
        if (archive.isPresent()) {
            config = RestoreRequest.config(archive.get(), config);
            criu.require("restore container " + config.getMetadata().getName() + " from "
                    + archive.get().path());
        }
        String imageName = config.getImage().getImage();
        ImageSource.Resolved image = parts.images()
                .find(imageName)
                .orElseThrow(() -> archive.isPresent()
                        ? CortadoException.notFound(
                                "image \"%s\" of checkpoint archive %s not found: pull it first",
                                imageName, archive.get().path())
                        : CortadoException.notFound("image \"%s\" not found", imageName));
        String id = Ids.generate();
        String name = name(config, podConfig);
        Unwind unwind = new Unwind();
        try {
            records.reserveName(name, id);
            unwind.onFailure("release name " + name, () -> records.releaseName(name));
            dirs.create(id);
            unwind.onFailure("remove directories of " + id, () -> dirs.remove(id));
            Path rootfs = dirs.rootfs(id);
            parts.mounter().mountOverlay(rootfs, OverlayMounts.options(image.layers(), dirs.upper(id), dirs.work(id)));
            unwind.onFailure("unmount " + rootfs, () -> unmount(rootfs));
            Optional<Path> images = Optional.empty();
            if (archive.isPresent()) {
                RestoreFiles.applyRootfsChanges(archive.get(), rootfs);
                images = Optional.of(dirs.bundle(id).resolve(RESTORE_IMAGES));
                RestoreFiles.extractImages(archive.get(), images.get());
            }
            SpecResult spec = parts.specs()
                    .apply(pod.runtimeHandler())
                    .build(SpecRequest.builder(id, config, podConfig, pod.facts())
                            .image(image.config(), imageName)
                            .rootfs(new DirectoryRootfs(rootfs))
                            .volumesDir(dirs.volumes(id).toString())
                            .targetPidNamespace(targetPidNamespace(config))
                            .build());
            Signals.number(spec.stopSignal());
            Files2.writeAtomically(dirs.bundle(id).resolve("config.json"), OciJson.write(spec.spec()));
            ImageVolumeCopier.create(spec.imageVolumes(), rootfs);
            Stdio stdio = fifos(id, config);
            Container container = new Container(
                    id,
                    pod.id(),
                    config,
                    image.id(),
                    image.name(),
                    image.imageRef(),
                    logPath(pod, config),
                    pod.runtimeHandler(),
                    spec.stopSignal(),
                    user(spec.spec()),
                    ContainerStatus.created(Times.nanos(parts.clock()), 0));
            copiers.start(container);
            unwind.onFailure("close log copier of " + id, () -> copiers.close(id));
            int pid = parts.tasks()
                    .create(
                            pod.runtimeHandler(),
                            new CreateTask(
                                    id,
                                    dirs.bundle(id),
                                    List.of(),
                                    stdio,
                                    parts.handlerOptions().apply(pod.runtimeHandler()),
                                    images));
            unwind.onFailure("delete task " + id, () -> TaskCalls.deleteQuietly(parts.tasks(), id, ""));
            container = container.withStatus(
                    ContainerStatus.created(container.status().createdAtNanos(), pid));
            records.insert(container, name);
            return container;
        } catch (IOException e) {
            CortadoException error = CortadoException.internal("create container " + name + ": " + e.getMessage(), e);
            unwind.unwind(error);
            throw error;
        } catch (RuntimeException | Error e) {
            unwind.unwind(e);
            throw e;
        }
    }

    /** Where a restored container's CRIU images are unpacked, in its bundle. */
    static final String RESTORE_IMAGES = "restore-images";

    /** containerd's {@code makeContainerName}: {@code name_podname_podnamespace_poduid_attempt}. */
    static String name(ContainerConfig config, PodSandboxConfig pod) {
        return String.join(
                "_",
                config.getMetadata().getName(),
                pod.getMetadata().getName(),
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getUid(),
                Integer.toString(config.getMetadata().getAttempt()));
    }

    private Stdio fifos(String id, ContainerConfig config) throws IOException {
        Path stdout = dirs.io(id, "stdout");
        parts.fifos().mkfifo(stdout);
        String stderr = "";
        if (!config.getTty()) {
            parts.fifos().mkfifo(dirs.io(id, "stderr"));
            stderr = dirs.io(id, "stderr").toString();
        }
        String stdin = "";
        if (config.getStdin()) {
            parts.fifos().mkfifo(dirs.io(id, "stdin"));
            stdin = dirs.io(id, "stdin").toString();
        }
        return new Stdio(stdin, stdout.toString(), stderr, config.getTty());
    }

    /** PID mode TARGET joins the target container's namespace, which must be running. */
    private String targetPidNamespace(ContainerConfig config) {
        var ns = config.getLinux().getSecurityContext().getNamespaceOptions();
        if (ns.getPid() != NamespaceMode.TARGET) {
            return "";
        }
        Container target = records.require(ns.getTargetId());
        if (target.state() != ContainerState.RUNNING || target.status().pid() <= 0) {
            throw CortadoException.failedPrecondition(
                    "pid namespace target container %s is %s, not RUNNING", target.id(), target.state());
        }
        return "/proc/" + target.status().pid() + "/ns/pid";
    }

    /** CRI: {@code log_path} is relative to the pod's {@code log_directory}; no log without both. */
    private static String logPath(PodLookup.Pod pod, ContainerConfig config) {
        if (pod.logDirectory().isEmpty() || config.getLogPath().isEmpty()) {
            return "";
        }
        return Path.of(pod.logDirectory() + "/" + config.getLogPath())
                .normalize()
                .toString();
    }

    private static ContainerUser user(OciSpec spec) {
        OciSpec.User u = spec.process().user();
        return new ContainerUser(u.uid(), u.gid(), u.additionalGids() == null ? List.of() : u.additionalGids());
    }

    private void unmount(Path rootfs) {
        try {
            parts.mounter().unmount(rootfs);
        } catch (IOException e) {
            throw CortadoException.internal("unmount " + rootfs + ": " + e.getMessage(), e);
        }
    }
}
