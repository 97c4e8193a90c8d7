/**
 * The gRPC edge of the daemon: the unix-socket server, the thin CRI adapters that map
 * generated protos to domain records (pods, containers), the fan-out of container events to
 * GetContainerEvents streams, and nothing else (errors are mapped by the shared
 * {@code dev.cortado.errors.ErrorInterceptor}).
 */
package dev.cortado.cri.grpc;
