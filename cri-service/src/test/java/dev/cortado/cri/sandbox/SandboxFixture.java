package dev.cortado.cri.sandbox;

import dev.cortado.cri.store.InMemoryMetadataStore;
import dev.cortado.cri.store.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** A sandbox service on fakes: recorded syscalls, fake init, cgroups and network, a fake boot id. */
final class SandboxFixture {
    final Path dir;
    final RecordingPodSyscalls sys = new RecordingPodSyscalls();
    final FakePodInit init = new FakePodInit();
    final FakePodCgroups cgroups = new FakePodCgroups();
    final FakePodNetwork network = new FakePodNetwork();
    final MetadataStore store;
    final AtomicReference<String> bootId = new AtomicReference<>("boot-1");
    final PodFiles files;
    final NamespacePinner pinner;

    SandboxFixture(Path dir) throws IOException {
        this(dir, new InMemoryMetadataStore());
    }

    SandboxFixture(Path dir, MetadataStore store) throws IOException {
        this.dir = dir;
        this.store = store;
        Files.createDirectories(dir.resolve("procsys/net/core"));
        Files.createDirectories(dir.resolve("procsys/kernel"));
        Files.writeString(dir.resolve("procsys/net/core/somaxconn"), "4096");
        Files.writeString(dir.resolve("procsys/kernel/shmmax"), "1");
        Files.writeString(dir.resolve("host-resolv.conf"), "nameserver 192.0.2.53\n");
        Files.writeString(dir.resolve("host-hosts"), "127.0.0.1 localhost host-entry\n");
        pinner = new NamespacePinner(
                sys, dir.resolve("state/ns"), Path.of("/proc/thread-self/ns"), dir.resolve("procsys"));
        files = new PodFiles(
                sys,
                dir.resolve("state/pods"),
                dir.resolve("host-resolv.conf"),
                dir.resolve("host-hosts"),
                () -> "the-host");
    }

    SandboxService service() {
        return new SandboxService(new SandboxParts(
                store,
                pinner,
                init,
                cgroups,
                network,
                files,
                SandboxContainers.NONE,
                Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC),
                bootId::get,
                "cortado",
                Set.of("cortado", "runc")));
    }

    static PodConfig.Builder pod(String name) {
        return PodConfig.builder(new SandboxMetadata(name, "uid-" + name, "ns", 1));
    }
}
