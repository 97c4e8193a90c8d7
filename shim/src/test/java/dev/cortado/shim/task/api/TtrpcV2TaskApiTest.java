package dev.cortado.shim.task.api;

import java.nio.file.Path;

/** The Task API contract over ttrpc as {@code containerd.task.v2.Task} (containerd 1.6 and 1.7). */
class TtrpcV2TaskApiTest extends TaskApiContract {
    @Override
    protected TaskTransport open(Path socket) {
        return TtrpcTransports.open(adapter, socket, "containerd.task.v2.Task");
    }
}
