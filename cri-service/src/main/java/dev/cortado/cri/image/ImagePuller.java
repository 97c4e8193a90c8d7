package dev.cortado.cri.image;

import dev.cortado.cri.image.content.ContentStore;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.cri.image.registry.Descriptor;
import dev.cortado.cri.image.registry.Manifest;
import dev.cortado.cri.image.registry.Platform;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.snapshot.ChainIds;
import dev.cortado.cri.image.unpack.UnpackBudget;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One pull: resolve, check limits, fetch the config, then fetch and unpack the layers in parallel
 * (each layer is its own overlay-form snapshot, so none waits for its parent), honouring the deadline.
 */
final class ImagePuller {
    private final ImageStoreConfig config;
    private final RegistryClient registry;
    private final ContentStore content;
    private final LayerFetcher layers;
    private final ExecutorService workers;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    ImagePuller(
            ImageStoreConfig config,
            RegistryClient registry,
            ContentStore content,
            LayerFetcher layers,
            ExecutorService workers,
            Clock clock) {
        this.config = config;
        this.registry = registry;
        this.content = content;
        this.layers = layers;
        this.workers = workers;
        this.clock = clock;
    }

    /** Pulls and returns the image record without names; the service adds tags and digests. */
    Image pull(ImageReference ref, PullRequest request) {
        Manifest manifest = registry.resolve(ref, request.credentials(), Platform.LINUX_AMD64);
        if (manifest.layers().size() > config.maxLayers()) {
            throw new CortadoException(
                    ErrorKind.RESOURCE_EXHAUSTED,
                    "image " + ref + " has " + manifest.layers().size() + " layers, more than the limit of "
                            + config.maxLayers());
        }
        Descriptor configDescriptor = manifest.config();
        if (configDescriptor.size() > config.maxConfigBytes()) {
            throw new CortadoException(
                    ErrorKind.RESOURCE_EXHAUSTED,
                    "config of " + ref + " is " + configDescriptor.size() + " bytes, more than the limit of "
                            + config.maxConfigBytes());
        }
        checkDeadline(request, ref);
        layers.fetchBlob(ref, request.credentials(), configDescriptor);
        JsonNode imageConfig = readConfig(configDescriptor.digest());
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : imageConfig.path("rootfs").path("diff_ids")) {
            diffIds.add(Digest.parse(d.stringValue("")));
        }
        if (diffIds.size() != manifest.layers().size()) {
            throw CortadoException.failedPrecondition(
                    "image %s has %d layers but its config lists %d diff ids",
                    ref, manifest.layers().size(), diffIds.size());
        }
        List<Digest> chainIds = ChainIds.of(diffIds);
        List<Future<?>> jobs = new ArrayList<>();
        UnpackBudget budget = new UnpackBudget(config.unpackLimits().maxImageBytes());
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            Digest diffId = diffIds.get(i);
            Digest chainId = chainIds.get(i);
            jobs.add(workers.submit(() -> layers.layer(ref, request.credentials(), layer, diffId, chainId, budget)));
        }
        await(jobs, request, ref);
        try {
            content.put(manifest.digest(), manifest.raw());
        } catch (IOException e) {
            throw new UncheckedIOException("storing manifest of " + ref, e);
        }
        List<String> blobs = new ArrayList<>(
                List.of(manifest.digest().toString(), configDescriptor.digest().toString()));
        long size = configDescriptor.size();
        for (Descriptor layer : manifest.layers()) {
            blobs.add(layer.digest().toString());
            size += layer.size();
        }
        return new Image(
                configDescriptor.digest().toString(),
                List.of(),
                List.of(),
                size,
                chainIds.stream().map(Digest::toString).toList(),
                blobs,
                imageConfig.path("config").path("User").stringValue(""),
                false);
    }

    private JsonNode readConfig(Digest digest) {
        try {
            JsonNode node = json.readTree(content.read(digest, config.maxConfigBytes()));
            if (node == null || !node.isObject()) {
                throw CortadoException.failedPrecondition("image config %s is not a JSON object", digest);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("reading image config " + digest, e);
        } catch (tools.jackson.core.JacksonException e) {
            throw CortadoException.failedPrecondition("image config %s is not valid JSON", digest);
        }
    }

    private void await(List<Future<?>> jobs, PullRequest request, ImageReference ref) {
        try {
            for (Future<?> job : jobs) {
                if (request.deadline() == null) {
                    job.get();
                } else {
                    long left = Duration.between(clock.instant(), request.deadline())
                            .toMillis();
                    job.get(Math.max(0, left), TimeUnit.MILLISECONDS);
                }
            }
        } catch (TimeoutException e) {
            jobs.forEach(j -> j.cancel(true));
            throw new CortadoException(ErrorKind.DEADLINE_EXCEEDED, "deadline exceeded pulling " + ref);
        } catch (InterruptedException e) {
            jobs.forEach(j -> j.cancel(true));
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "pull of " + ref + " cancelled");
        } catch (ExecutionException e) {
            jobs.forEach(j -> j.cancel(true));
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException
                    ? (RuntimeException) cause
                    : CortadoException.internal("pulling " + ref, cause);
        }
    }

    private void checkDeadline(PullRequest request, ImageReference ref) {
        if (request.deadline() != null && !clock.instant().isBefore(request.deadline())) {
            throw new CortadoException(ErrorKind.DEADLINE_EXCEEDED, "deadline exceeded pulling " + ref);
        }
    }
}
