package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerMetadata;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.snapshot.Snapshot;
import dev.cortado.cri.spec.ImageConfig;
import dev.cortado.cri.spec.OciSpecBuilder;
import dev.cortado.cri.spec.PodFacts;
import dev.cortado.cri.spec.RuntimeOptions;
import dev.cortado.cri.store.Ids;
import dev.cortado.cri.store.InMemoryMetadataStore;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.cri.store.StoredObject;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** A container service on fakes: tasks, io, mounts, fifos (plain files), pods and images in maps. */
final class ContainerFixture implements AutoCloseable {
    static final String IMAGE = "localhost:5000/busybox:1";
    static final String IMAGE_ID = "sha256:" + "ab".repeat(32);
    static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

    final Path dir;
    final FailingStore store;
    final FakeTasks tasks = new FakeTasks();
    final FakeContainerIo io = new FakeContainerIo();
    final FakeMounter mounter = new FakeMounter();
    final List<Path> fifos = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, PodLookup.Pod> pods = new ConcurrentHashMap<>();
    final Map<String, ImageSource.Resolved> images = new ConcurrentHashMap<>();
    final AtomicReference<String> bootId = new AtomicReference<>("boot-1");
    final List<ContainerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile IOException fifoFailure;
    final String podId = Ids.generate();
    /** What {@code criu check} answers (asked once per service, at its first checkpoint). */
    volatile dev.cortado.cri.checkpoint.CriuStatus.Result criuCheck =
            new dev.cortado.cri.checkpoint.CriuStatus.Result(0, "Looks good.");

    ContainerService service;

    ContainerFixture(Path dir) throws IOException {
        this(dir, new InMemoryMetadataStore());
    }

    ContainerFixture(Path dir, dev.cortado.cri.store.MetadataStore base) throws IOException {
        this.dir = dir;
        this.store = new FailingStore(base);
        Path layer = Files.createDirectories(dir.resolve("snapshots/1/fs"));
        Files.createDirectories(layer.resolve("etc"));
        images.put(
                IMAGE,
                new ImageSource.Resolved(
                        IMAGE_ID,
                        IMAGE,
                        "localhost:5000/busybox@sha256:" + "cd".repeat(32),
                        ImageConfig.builder()
                                .cmd(List.of("sh"))
                                .env(List.of("PATH=/bin"))
                                .build(),
                        List.of(new Snapshot(
                                Digest.parse("sha256:" + "ef".repeat(32)), 1, dir.resolve("snapshots/1")))));
        addPod(podId, true);
        service = newService();
    }

    /** The parts of the latest {@link #newService()}. */
    ContainerParts parts;

    /** A service over the same store and fakes, as after a daemon restart. */
    ContainerService newService() {
        ContainerParts parts = new ContainerParts(
                store,
                this::pod,
                ref -> Optional.ofNullable(images.get(ref)),
                tasks,
                io,
                this::mkfifo,
                mounter,
                handler -> new OciSpecBuilder(RuntimeOptions.defaults(), new TestHost()),
                handler -> Optional.empty(),
                dir.resolve("root"),
                dir.resolve("state"),
                Clock.fixed(NOW, ZoneOffset.UTC),
                bootId::get,
                Duration.ofMillis(100));
        ContainerService s = new ContainerService(parts, new dev.cortado.cri.checkpoint.CriuStatus(() -> criuCheck));
        this.parts = parts;
        s.subscribe(events::add);
        return s;
    }

    void addPod(String id, boolean ready) {
        store.inTransaction(tx -> {
            tx.put(new StoredObject(ObjectKind.SANDBOX, id, Optional.empty(), "{}".getBytes()));
            return null;
        });
        pods.put(
                id,
                new PodLookup.Pod(
                        id,
                        ready,
                        "cortado",
                        dir.resolve("logs").toString(),
                        PodFacts.pinned(
                                id,
                                dir.resolve("ns/" + id).toString(),
                                dir.resolve("pods/" + id).toString(),
                                "pod-host"),
                        "boot-1"));
    }

    private PodLookup.Pod pod(String idOrPrefix) {
        return pods.values().stream()
                .filter(p -> p.id().startsWith(idOrPrefix))
                .findFirst()
                .orElseThrow(() -> CortadoException.notFound("pod sandbox \"%s\" not found", idOrPrefix));
    }

    private void mkfifo(Path path) throws IOException {
        if (fifoFailure != null) {
            throw fifoFailure;
        }
        Files.createFile(path);
        fifos.add(path);
    }

    static ContainerConfig.Builder config(String name) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name).setAttempt(0))
                .setImage(ImageSpec.newBuilder().setImage(IMAGE))
                .addCommand("top")
                .setLogPath(name + ".log");
    }

    static PodSandboxConfig podConfig() {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName("pod")
                        .setNamespace("ns")
                        .setUid("uid-1"))
                .build();
    }

    Container create(String name) {
        return service.create(podId, config(name).build(), podConfig());
    }

    Container running(String name) {
        Container c = create(name);
        service.start(c.id());
        return service.status(c.id());
    }

    /** Waits (10 s at most) for something the event and exit threads do. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    List<ContainerEvent.Type> eventTypes(String id, int expected) {
        await(() -> events.stream().filter(e -> e.containerId().equals(id)).count() >= expected);
        synchronized (events) {
            return events.stream()
                    .filter(e -> e.containerId().equals(id))
                    .map(ContainerEvent::type)
                    .toList();
        }
    }

    Container awaitState(String id, ContainerState state) {
        await(() -> service.status(id).state() == state);
        Container c = service.status(id);
        assertThat(c.state()).isEqualTo(state);
        return c;
    }

    Path bundle(String id) {
        return dir.resolve("state/containers/" + id);
    }

    Path layer(String id) {
        return dir.resolve("root/containers/" + id);
    }

    @Override
    public void close() {
        service.close();
        store.close();
    }
}
