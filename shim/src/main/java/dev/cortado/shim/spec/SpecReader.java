package dev.cortado.shim.spec;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OCI bundle's {@code config.json}, ignoring fields the launcher does not use; a
 * reader for new containers also refuses the features Cortado does not implement (see {@link
 * UnsupportedFeatures}) rather than ignoring them.
 */
public final class SpecReader {
    private static final long MAX_BYTES = 4 << 20;

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final UnsupportedFeatures checks;

    /** A reader that checks nothing beyond the JSON (re-adopting what already runs). */
    public SpecReader() {
        this(null);
    }

    /** A reader for new containers and execs: {@code checks} refuses what Cortado cannot do. */
    public SpecReader(UnsupportedFeatures checks) {
        this.checks = checks;
    }

    /** A reader for new containers on this host. */
    public static SpecReader forNewProcesses() {
        return new SpecReader(new UnsupportedFeatures(UnsupportedFeatures.HostLsm.detect()));
    }

    /** Parses JSON text into a {@link Spec}. */
    public Spec parse(String json) {
        try {
            if (checks == null) {
                return mapper.readValue(json, Spec.class);
            }
            JsonNode tree = mapper.readTree(json);
            checks.checkSpec(tree);
            return mapper.treeToValue(tree, Spec.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "invalid runtime spec: " + e.getMessage(), e);
        }
    }

    /** Parses an OCI {@code process} object (an exec's process spec) into a {@link ProcessSpec}. */
    public ProcessSpec parseProcess(String json) {
        try {
            if (checks == null) {
                return mapper.readValue(json, ProcessSpec.class);
            }
            JsonNode tree = mapper.readTree(json);
            checks.checkProcess(tree);
            return mapper.treeToValue(tree, ProcessSpec.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "invalid process spec: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code config.json} from a bundle directory; a relative root path is made absolute
     * and a systemd-form {@code cgroupsPath} is expanded (see {@link SystemdCgroupsPath}).
     */
    public Spec read(Path bundle) {
        return read(bundle, false);
    }

    /** As {@link #read(Path)}; with {@code systemdCgroup} the cgroupsPath must have the systemd form. */
    public Spec read(Path bundle, boolean systemdCgroup) {
        Path config = bundle.resolve("config.json");
        try {
            if (Files.size(config) > MAX_BYTES) {
                throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "runtime spec too large: " + config);
            }
            Spec spec = parse(Files.readString(config));
            if (spec.root() != null && !Path.of(spec.root().path()).isAbsolute()) {
                Spec.Root root = new Spec.Root(
                        bundle.resolve(spec.root().path()).toAbsolutePath().toString(),
                        spec.root().readonly());
                spec = new Spec(spec.process(), root, spec.hostname(), spec.domainname(), spec.mounts(), spec.linux());
            }
            if (systemdCgroup) {
                SystemdCgroupsPath.requireSystemdForm(
                        spec.linux() == null ? null : spec.linux().cgroupsPath());
            }
            if (spec.linux() != null) {
                Spec s = spec;
                spec = SystemdCgroupsPath.expand(spec.linux().cgroupsPath())
                        .map(path -> s.withLinux(s.linux().withCgroupsPath(path)))
                        .orElse(spec);
            }
            return spec;
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.NOT_FOUND, "read runtime spec " + config, e);
        }
    }
}
