package dev.cortado.cri.image.registry;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** One attempt at a blob: asks for the bytes the sink lacks and appends them under the progress watchdog. */
final class BlobDownload {
    private final RegistryCaller caller;
    private final ProgressWatchdog watchdog;
    private final RegistryEndpoint endpoint;
    private final String path;
    private final String scope;
    private final Descriptor descriptor;
    private final BlobSink sink;

    BlobDownload(
            RegistryCaller caller,
            ProgressWatchdog watchdog,
            RegistryEndpoint endpoint,
            String path,
            String scope,
            Descriptor descriptor,
            BlobSink sink) {
        this.caller = caller;
        this.watchdog = watchdog;
        this.endpoint = endpoint;
        this.path = path;
        this.scope = scope;
        this.descriptor = descriptor;
        this.sink = sink;
    }

    Void run() {
        try {
            long offset = sink.offset();
            if (offset >= descriptor.size()) {
                return null;
            }
            Map<String, String> headers = new HashMap<>();
            if (offset > 0) {
                headers.put("Range", "bytes=" + offset + "-");
            }
            HttpResponse<InputStream> response = caller.get(endpoint, path, headers, scope);
            if (offset > 0 && (response.statusCode() != 206 || !rangeStartsAt(response, offset))) {
                sink.restart(); // the server ignored or mangled the range: take the whole blob
                if (response.statusCode() == 206) {
                    response.body().close();
                    throw new RetryableException("server answered a different range for " + descriptor.digest(), null);
                }
            }
            try (ProgressWatchdog.Watched in = watchdog.watch(response.body())) {
                try {
                    sink.append(in);
                } catch (IOException e) {
                    if (in.stalled()) {
                        throw new CortadoException(
                                ErrorKind.DEADLINE_EXCEEDED,
                                "no progress downloading " + descriptor.digest() + " from " + endpoint,
                                e);
                    }
                    throw e;
                }
            }
            return null;
        } catch (IOException e) {
            throw new RetryableException("downloading " + descriptor.digest() + " from " + endpoint + ": " + e, e);
        }
    }

    private static boolean rangeStartsAt(HttpResponse<InputStream> response, long offset) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        return range.startsWith("bytes " + offset + "-");
    }
}
