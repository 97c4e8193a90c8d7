package dev.cortado.shim.task.api;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.errors.GrpcErrors;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;

/** One way to call the Task API (ttrpc v2, ttrpc v3, gRPC v3); errors come back as {@link CortadoException}. */
interface TaskTransport extends AutoCloseable {

    /** Calls {@code method} (a task v3 descriptor) in containerd namespace {@code namespace}. */
    <Q, R> R call(String namespace, MethodDescriptor<Q, R> method, Q request);

    /** Stops the server and the client; never throws, so that test code need not handle interrupts. */
    @Override
    void close();

    /** The error kind of what a call threw. */
    static ErrorKind kindOf(Throwable t) {
        if (t instanceof CortadoException c) {
            return c.kind();
        }
        if (t instanceof StatusRuntimeException s) {
            return GrpcErrors.kindOf(s.getStatus());
        }
        throw new AssertionError("unexpected error", t);
    }
}
