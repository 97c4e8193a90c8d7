package dev.cortado.shim.task.api;

import java.nio.file.Path;

/** The Task API contract over ttrpc as {@code containerd.task.v3.Task}. */
class TtrpcV3TaskApiTest extends TaskApiContract {
    @Override
    protected TaskTransport open(Path socket) {
        return TtrpcTransports.open(adapter, socket, "containerd.task.v3.Task");
    }
}
