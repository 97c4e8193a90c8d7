package dev.cortado.cri.streaming;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec or attach session once its streams are there, transport-neutral: runs the runtime call
 * on a worker thread, then ends stdout and stderr, writes the {@link ExecStatus} on the error
 * stream and hands over to the transport's {@code onDone} (which ends the connection).
 */
final class RemoteCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCommand.class);

    /** The session's streams; any of them may be null when not requested. */
    record Streams(InboundPipe stdin, OutboundPipe stdout, OutboundPipe stderr, OutboundPipe error) {}

    private final StreamingRuntime runtime;
    private final StreamRequest request;
    private final Streams streams;
    private final ProcessStreams process;
    private final Cancellation cancellation;
    private final boolean jsonStatus;
    private final Runnable onDone;

    RemoteCommand(
            StreamingRuntime runtime,
            StreamRequest request,
            Streams streams,
            Cancellation cancellation,
            ResizeEvents resizes,
            boolean jsonStatus,
            Runnable onDone) {
        this.runtime = runtime;
        this.request = request;
        this.streams = streams;
        this.cancellation = cancellation;
        this.jsonStatus = jsonStatus;
        this.onDone = onDone;
        StreamOptions options =
                request instanceof StreamRequest.Exec e ? e.options() : ((StreamRequest.Attach) request).options();
        this.process =
                new ProcessStreams(options, streams.stdin(), streams.stdout(), streams.stderr(), cancellation, resizes);
    }

    @Override
    public void run() {
        ExecStatus status;
        try {
            status = call();
        } catch (CortadoException e) {
            status = ExecStatus.ofInternal(e.getMessage());
        } catch (IOException e) {
            status = cancellation.isCancelled() ? null : ExecStatus.ofInternal("stream i/o: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = null;
        } catch (RuntimeException e) {
            LOG.warn("streaming: {} failed unexpectedly", request.kind(), e);
            status = ExecStatus.ofInternal(request.kind() + " failed: " + e);
        }
        finish(status);
    }

    private ExecStatus call() throws IOException, InterruptedException {
        if (request instanceof StreamRequest.Exec exec) {
            int code = runtime.exec(exec.containerId(), exec.cmd(), process);
            return code == 0 ? ExecStatus.ofSuccess() : ExecStatus.ofExitCode(exec.cmd(), code);
        }
        runtime.attach(((StreamRequest.Attach) request).containerId(), process);
        return ExecStatus.ofSuccess();
    }

    private void finish(ExecStatus status) {
        cancellation.complete(); // the process is gone: a connection closing now has nothing to kill
        if (streams.stdin() != null) {
            streams.stdin().close();
        }
        closeQuietly(streams.stdout());
        closeQuietly(streams.stderr());
        if (status != null && streams.error() != null) {
            byte[] bytes = status.encode(jsonStatus);
            try {
                streams.error().write(bytes);
            } catch (IOException e) {
                LOG.debug("streaming: could not send the exit status: {}", e.getMessage());
            }
        }
        closeQuietly(streams.error());
        onDone.run();
    }

    private static void closeQuietly(OutboundPipe pipe) {
        if (pipe != null) {
            pipe.close();
        }
    }
}
