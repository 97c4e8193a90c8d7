package dev.cortado.shim.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The legacy way to publish (features.md §5.5), used when containerd gives no
 * {@code TTRPC_ADDRESS}: run {@code <publish-binary> --address <grpc address> publish --topic T
 * --namespace N} with the protobuf {@code Any} of the event on stdin.
 */
public final class PublishBinaryForwarder implements Forwarder {
    private final String binary;
    private final String address;

    public PublishBinaryForwarder(String binary, String address) {
        this.binary = binary;
        this.address = address;
    }

    @Override
    public void forward(String namespace, Instant timestamp, TaskEvent event) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(
                        binary, "--address", address, "publish", "--topic", event.topic(), "--namespace", namespace))
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(EventEncoder.encode(event).toByteArray());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(binary + " publish " + event.topic() + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(binary + " publish " + event.topic() + " failed: " + out);
        }
    }
}
