package dev.cortado.cri.runtime;

import dev.cortado.cri.config.RuntimeHandlerConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds out once, at start, what each handler supports, as containerd 2.0's
 * {@code introspectRuntimeFeatures} does: for runc's runtime types it asks the OCI runtime the
 * shim will run ({@code BinaryName} of the handler's options, else {@code runc} in PATH) with
 * {@code <runtime> features} (runtime-spec {@code features.md}): recursive read-only mounts when
 * it lists the {@code rro} mount option and the kernel has {@code mount_setattr} (5.12). Cortado's
 * own shim makes no {@code rro} mounts ({@code cortado-init} refuses the option), and other shims
 * cannot be asked through containerd 1.6's protocol: none for them. User namespaces need idmapped
 * rootfs mounts, which cortado does not make for any handler. A runtime that fails to answer
 * within the timeout, or answers garbage, is taken to support nothing (logged).
 */
public final class HandlerFeatureProbe {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerFeatureProbe.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int[] MOUNT_SETATTR_KERNEL = {5, 12};

    private final String searchPath;
    private final Supplier<String> kernelRelease;
    private final Duration timeout;

    /**
     * @param searchPath the PATH in which a bare {@code BinaryName} or {@code runc} is looked up
     * @param kernelRelease {@code uname -r}, e.g. {@code 6.1.0-18-amd64}
     */
    public HandlerFeatureProbe(String searchPath, Supplier<String> kernelRelease, Duration timeout) {
        this.searchPath = searchPath;
        this.kernelRelease = kernelRelease;
        this.timeout = timeout;
    }

    /** The host's probe: this process's PATH, {@code /proc/sys/kernel/osrelease}, 5 s per runtime. */
    public static HandlerFeatureProbe forHost(String searchPath) {
        return new HandlerFeatureProbe(searchPath, HandlerFeatureProbe::osRelease, Duration.ofSeconds(5));
    }

    public HandlerFeatures probe(String name, RuntimeHandlerConfig handler) {
        if (!handler.runtimeType().startsWith("io.containerd.runc.")) {
            return HandlerFeatures.NONE;
        }
        Path runtime = ociRuntime(handler.options());
        boolean rro =
                kernelAtLeast(kernelRelease.get(), MOUNT_SETATTR_KERNEL) && listsMountOption(name, runtime, "rro");
        return new HandlerFeatures(rro, false);
    }

    private Path ociRuntime(Map<String, Object> options) {
        String binary = options.entrySet().stream()
                .filter(e ->
                        e.getKey().toLowerCase(Locale.ROOT).replace("_", "").equals("binaryname"))
                .map(e -> String.valueOf(e.getValue()))
                .filter(s -> !s.isEmpty())
                .findFirst()
                .orElse("runc");
        if (binary.contains("/")) {
            return Path.of(binary);
        }
        for (String dir : searchPath.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary);
            }
        }
        return Path.of(binary); // not found: the run below fails and says so
    }

    private boolean listsMountOption(String handler, Path runtime, String option) {
        try {
            JsonNode features = JSON.readTree(run(runtime));
            for (JsonNode o : features.path("mountOptions")) {
                if (o.asString().equals(option)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | JacksonException e) {
            LOG.warn(
                    "handler {}: `{} features` gave no usable answer; it is taken to support no optional feature: {}",
                    handler,
                    runtime,
                    e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Output to a file, not a pipe: a runtime that hangs with stdout open cannot block the wait. */
    private String run(Path runtime) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cortado-features-", ".json");
        try {
            Process p = new ProcessBuilder(runtime.toString(), "features")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("no answer within " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit status " + p.exitValue());
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** True when {@code release} (e.g. {@code 6.1.0-18-amd64}) is at least {@code major.minor}. */
    static boolean kernelAtLeast(String release, int[] wanted) {
        String[] parts = release.trim().split("[.-]", 3);
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
            return major > wanted[0] || major == wanted[0] && minor >= wanted[1];
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String osRelease() {
        // read as a stream: Files.readString of a /proc/sys file can stop short (LinuxHostFacts.text)
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/osrelease"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
