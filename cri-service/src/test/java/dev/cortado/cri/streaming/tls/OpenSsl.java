package dev.cortado.cri.streaming.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} command, to make keys and certificates the way operators make them. */
final class OpenSsl {
    private OpenSsl() {}

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    static void run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** A self-signed certificate {@code name}.crt for 127.0.0.1 over the key in {@code key}. */
    static Path certificate(Path dir, String name, Path key) throws IOException, InterruptedException {
        run(
                dir,
                "req",
                "-x509",
                "-key",
                key.toString(),
                "-out",
                name + ".crt",
                "-days",
                "2",
                "-subj",
                "/CN=" + name,
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost");
        return dir.resolve(name + ".crt");
    }
}
