/**
 * Serves a gRPC service implementation over ttrpc, so that one implementation of, say,
 * {@code containerd.task.v3.Task} answers both protocols (DESIGN.md: the shim serves task v3 over
 * ttrpc and gRPC, and v2 over ttrpc with the same messages).
 *
 * <p>Only unary methods are bridged; the Task API has no streaming methods. Errors go through
 * the module's {@link dev.cortado.errors.ErrorInterceptor}, so a handler that passes a
 * {@link dev.cortado.errors.CortadoException} to {@code onError} gives ttrpc clients the same
 * code as gRPC clients.
 */
package dev.cortado.ttrpc.grpc;
