package dev.cortado.cri.container;

import dev.cortado.cri.logs.ContainerIo;
import dev.cortado.cri.runtime.FifoMaker;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.cri.runtime.TypedValue;
import dev.cortado.cri.spec.OciSpecBuilder;
import dev.cortado.cri.store.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything the container service works with, injected (house rule 9).
 *
 * @param store the metadata store (containers are {@code ObjectKind.CONTAINER} with their pod's id)
 * @param pods the pods ({@link SandboxPods} over the sandbox service)
 * @param images the images ({@link ServiceImages} over the image service)
 * @param tasks every handler's tasks ({@code cri.runtime.ShimTasks})
 * @param io fifos into CRI logs and exec capture ({@code cri.logs.FifoContainerIo})
 * @param fifos {@code mkfifo} ({@code cri.linux.NativeFsOps})
 * @param mounter the overlay rootfs mount ({@code cri.linux.NativeRootfsMounter})
 * @param specs the spec builder of a runtime handler (its {@code RuntimeOptions}, the host's facts)
 * @param handlerOptions a handler's runtime options for CreateTask ({@code RuntimeHandlers.resolve(h).options()})
 * @param root cortado's root ({@code /var/lib/cortado}): writable layers under {@code containers/<id>}
 * @param state cortado's state dir ({@code /run/cortado}): bundles under {@code containers/<id>}
 * @param clock wall clock for created/started/finished times
 * @param bootId the current boot's id
 * @param drainTimeout how long an exit waits for the log copier to take the last output
 */
public record ContainerParts(
        MetadataStore store,
        PodLookup pods,
        ImageSource images,
        Tasks tasks,
        ContainerIo io,
        FifoMaker fifos,
        RootfsMounter mounter,
        Function<String, OciSpecBuilder> specs,
        Function<String, Optional<TypedValue>> handlerOptions,
        Path root,
        Path state,
        Clock clock,
        Supplier<String> bootId,
        Duration drainTimeout) {
    public ContainerParts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(pods, "pods");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(fifos, "fifos");
        Objects.requireNonNull(mounter, "mounter");
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(handlerOptions, "handlerOptions");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
    }
}
