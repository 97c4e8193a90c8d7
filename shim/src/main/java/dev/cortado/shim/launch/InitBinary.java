package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Finds the cortado-init executable that the Maven build puts at {@code native/cortado-init}. */
public final class InitBinary {
    static final String RESOURCE = "/native/cortado-init";

    private InitBinary() {}

    /**
     * The executable: the system property {@code cortado.init} if set, else the class-path
     * file, else a copy extracted from the jar into {@code extractDir} (mode 0755).
     */
    public static Path locate(Path extractDir) {
        String configured = System.getProperty("cortado.init");
        if (configured != null) {
            return Path.of(configured);
        }
        URL url = InitBinary.class.getResource(RESOURCE);
        if (url == null) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "cortado-init is not on the class path");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            Files.createDirectories(extractDir);
            Path target = extractDir.resolve("cortado-init");
            Path tmp = Files.createTempFile(extractDir, "cortado-init", ".tmp");
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            // after the copy: REPLACE_EXISTING recreates the file with the default mode
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | URISyntaxException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "extract cortado-init to " + extractDir, e);
        }
    }
}
