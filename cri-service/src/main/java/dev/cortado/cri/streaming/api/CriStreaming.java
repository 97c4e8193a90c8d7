package dev.cortado.cri.streaming.api;

import dev.cortado.api.cri.v1.AttachRequest;
import dev.cortado.api.cri.v1.AttachResponse;
import dev.cortado.api.cri.v1.ExecRequest;
import dev.cortado.api.cri.v1.ExecResponse;
import dev.cortado.api.cri.v1.PortForwardRequest;
import dev.cortado.api.cri.v1.PortForwardResponse;
import dev.cortado.cri.streaming.StreamOptions;
import dev.cortado.cri.streaming.StreamRequest;
import dev.cortado.cri.streaming.StreamingServer;

/**
 * The thin CRI adapter for Exec, Attach and PortForward: protos to {@link StreamRequest}s, the
 * server's single-use URL back. Validation errors (INVALID_ARGUMENT, NOT_FOUND,
 * FAILED_PRECONDITION, RESOURCE_EXHAUSTED) come from the domain as CortadoExceptions.
 */
public final class CriStreaming {
    private final StreamingServer server;

    public CriStreaming(StreamingServer server) {
        this.server = server;
    }

    public ExecResponse exec(ExecRequest req) {
        StreamOptions options = new StreamOptions(req.getStdin(), req.getStdout(), req.getStderr(), req.getTty());
        String url = server.url(new StreamRequest.Exec(req.getContainerId(), req.getCmdList(), options));
        return ExecResponse.newBuilder().setUrl(url).build();
    }

    public AttachResponse attach(AttachRequest req) {
        StreamOptions options = new StreamOptions(req.getStdin(), req.getStdout(), req.getStderr(), req.getTty());
        String url = server.url(new StreamRequest.Attach(req.getContainerId(), options));
        return AttachResponse.newBuilder().setUrl(url).build();
    }

    public PortForwardResponse portForward(PortForwardRequest req) {
        String url = server.url(new StreamRequest.PortForward(req.getPodSandboxId(), req.getPortList()));
        return PortForwardResponse.newBuilder().setUrl(url).build();
    }
}
