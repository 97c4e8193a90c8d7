package dev.cortado.ttrpc;

import java.nio.file.Path;

/** The contract over Netty's in-memory channels: no socket, no peer credentials. */
class InMemoryContractTest extends TtrpcContractTest {
    @Override
    protected TtrpcTransport transport(Path tempDir) {
        return TtrpcTransport.inMemory("ttrpc-" + tempDir.getFileName());
    }
}
