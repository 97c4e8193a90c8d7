package dev.cortado.cri.daemon;

import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.config.ImageConfig;
import dev.cortado.cri.config.RegistryConfigSection;
import dev.cortado.cri.config.RegistryHost;
import dev.cortado.cri.image.ImageService;
import dev.cortado.cri.image.ImageStoreConfig;
import dev.cortado.cri.image.ImageUsage;
import dev.cortado.cri.image.PullRecorder;
import dev.cortado.cri.image.SqliteImageMetadataStore;
import dev.cortado.cri.image.registry.Credentials;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.UnpackLimits;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.cri.store.SqliteMetadataStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the image service from the config's {@code [image]} and {@code [registry]} tables. */
final class ImageWiring {
    private ImageWiring() {}

    /** The image service, its records in {@code metadata} (JSON records from before it are moved in first). */
    static ImageService imageService(
            CortadoConfig config, SqliteMetadataStore metadata, ImageUsage usage, Clock clock) {
        return imageService(config, metadata, usage, clock, PullRecorder.NONE);
    }

    /** The same, telling {@code pulls} about every pull (the metrics). */
    static ImageService imageService(
            CortadoConfig config, SqliteMetadataStore metadata, ImageUsage usage, Clock clock, PullRecorder pulls) {
        ImageStoreConfig store = storeConfig(Path.of(config.root()), config.image());
        SqliteImageMetadataStore records = SqliteImageMetadataStore.open(metadata.images(), store.root());
        RegistryClient registry = new RegistryClient(registryConfig(config.registry()), clock);
        return new ImageService(store, registry, new NativeFsOps(), records, usage, clock, pulls);
    }

    static RegistryConfig registryConfig(RegistryConfigSection section) {
        Map<String, RegistryHostConfig> hosts = new LinkedHashMap<>();
        section.hosts().forEach((domain, host) -> hosts.put(domain, hostConfig(host)));
        RegistryConfig defaults = RegistryConfig.defaults();
        return new RegistryConfig(
                hosts,
                Duration.ofSeconds(section.requestTimeoutSeconds()),
                Duration.ofSeconds(section.noProgressTimeoutSeconds()),
                section.maxAttempts(),
                defaults.initialBackoff(),
                defaults.maxRedirects(),
                defaults.maxManifestBytes(),
                defaults.fetchForeignLayers());
    }

    private static RegistryHostConfig hostConfig(RegistryHost host) {
        Credentials credentials = host.username().isEmpty()
                ? Credentials.NONE
                : new Credentials(host.username(), host.password(), "", "", "");
        return new RegistryHostConfig(
                host.mirrors().stream().map(URI::create).toList(),
                host.insecure(),
                host.caFile().isEmpty() ? null : Path.of(host.caFile()),
                credentials,
                host.tls(),
                host.authRealmHosts());
    }

    static ImageStoreConfig storeConfig(Path root, ImageConfig image) {
        ImageStoreConfig defaults = ImageStoreConfig.defaults(root);
        return new ImageStoreConfig(
                root,
                image.maxConcurrentDownloads(),
                image.maxConfigBytes(),
                image.maxLayers(),
                unpackLimits(image, defaults.unpackLimits()),
                new HashSet<>(image.pinnedImages()),
                defaults.privilegedUnpack());
    }

    static UnpackLimits unpackLimits(ImageConfig image, UnpackLimits defaults) {
        return new UnpackLimits(
                defaults.maxEntries(),
                image.maxLayerUnpackedBytes(),
                defaults.maxPathLength(),
                image.maxImageUnpackedBytes(),
                image.maxExpansionRatio(),
                image.expansionRatioMinBytes());
    }
}
