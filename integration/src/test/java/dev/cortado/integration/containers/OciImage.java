package dev.cortado.integration.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer OCI image built in memory for the registry: busybox-static with every applet
 * linked in /bin, the files given, and an image config (env, cmd, working dir, labels). Its
 * blobs and manifest are what {@link ImageRegistry#push} uploads.
 *
 * @param layer the gzip'd layer
 * @param config the image config JSON
 * @param manifest the OCI manifest JSON
 */
public record OciImage(byte[] layer, byte[] config, byte[] manifest) {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    /** The applets the tests and the probe run; each a symlink to /bin/busybox. */
    static final List<String> APPLETS = List.of(
            "sh",
            "echo",
            "sleep",
            "cat",
            "ls",
            "true",
            "false",
            "id",
            "env",
            "hostname",
            "grep",
            "head",
            "tr",
            "ps",
            "pwd",
            "touch",
            "wc",
            "seq",
            "mount",
            "stat",
            "printf",
            "kill",
            "tail");

    List<byte[]> blobs() {
        return List.of(layer, config);
    }

    /** Builder of the image's files and config. */
    public static final class Builder {
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private List<String> env = List.of("PATH=/bin");
        private List<String> cmd = List.of("sh");
        private String workingDir = "";
        private final Map<String, String> labels = new LinkedHashMap<>();

        Builder file(String path, String content) {
            files.put(path, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Builder env(String... env) {
            this.env = List.of(env);
            return this;
        }

        Builder cmd(String... cmd) {
            this.cmd = List.of(cmd);
            return this;
        }

        Builder workingDir(String dir) {
            this.workingDir = dir;
            return this;
        }

        /** A label; a distinct one gives an image of its own id (config digest). */
        Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public OciImage build() throws IOException {
            byte[] tar = layerTar();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar);
            }
            byte[] layer = gz.toByteArray();
            String labelJson = labels.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":" + array(env)
                            + ",\"Cmd\":" + array(cmd) + ",\"WorkingDir\":" + quote(workingDir) + ",\"Labels\":"
                            + labelJson
                            + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(tar) + "\"]}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config)
                            + "\",\"size\":"
                            + config.length
                            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                            + "\"digest\":\"" + digest(layer) + "\",\"size\":" + layer.length + "}]}")
                    .getBytes(StandardCharsets.UTF_8);
            return new OciImage(layer, config, manifest);
        }

        private byte[] layerTar() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (String dir : List.of("bin", "dev", "proc", "sys", "tmp", "etc", "root", "work", "mnt")) {
                    TarArchiveEntry e = new TarArchiveEntry(dir + "/");
                    e.setMode(dir.equals("tmp") ? 01777 : 0755);
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                }
                put(tar, "bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
                for (String applet : APPLETS) {
                    TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName("busybox");
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                }
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    put(tar, f.getKey(), f.getValue(), 0755);
                }
            }
            return bytes.toByteArray();
        }

        private static void put(TarArchiveOutputStream tar, String name, byte[] data, int mode) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(mode);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
    }

    static String digest(byte[] data) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String array(List<String> strings) {
        return strings.stream().map(OciImage::quote).collect(Collectors.joining(",", "[", "]"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
