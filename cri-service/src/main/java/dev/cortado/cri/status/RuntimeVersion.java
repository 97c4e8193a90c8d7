package dev.cortado.cri.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Who answers CRI Version: runtime name {@code cortado}, its build version, and the CRI API
 * it speaks ({@code v1}; the legacy {@code version} field stays "0.1.0" as in every CRI runtime).
 */
public record RuntimeVersion(String version, String runtimeName, String runtimeVersion, String runtimeApiVersion) {

    /** The version of this build, read from the resource Maven filters at build time. */
    public static RuntimeVersion current() {
        Properties properties = new Properties();
        try (InputStream in = RuntimeVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RuntimeVersion("0.1.0", "cortado", properties.getProperty("version", "unknown"), "v1");
    }
}
