package dev.cortado.shim.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishBinaryForwarderTest {
    @TempDir
    Path tmp;

    @Test
    void event_isPublishedThroughTheBinaryWithTopicNamespaceAndAnyOnStdin() throws Exception {
        Path binary = tmp.resolve("containerd");
        Files.writeString(
                binary, "#!/bin/sh\necho \"$@\" > " + tmp.resolve("args") + "\ncat > " + tmp.resolve("stdin") + "\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));

        new PublishBinaryForwarder(binary.toString(), "/run/containerd/containerd.sock")
                .forward("k8s.io", Instant.EPOCH, new TaskEvent.Paused("c1"));

        assertThat(Files.readString(tmp.resolve("args")).trim())
                .isEqualTo(
                        "--address /run/containerd/containerd.sock publish --topic /tasks/paused --namespace k8s.io");
        assertThat(Any.parseFrom(Files.readAllBytes(tmp.resolve("stdin"))).getTypeUrl())
                .isEqualTo("containerd.events.TaskPaused");
    }
}
