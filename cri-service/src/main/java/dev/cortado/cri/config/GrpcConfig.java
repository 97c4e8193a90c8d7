package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;

/**
 * The CRI gRPC endpoint that kubelet and crictl dial.
 *
 * @param address unix socket path (kubelet: {@code --container-runtime-endpoint=unix://<address>})
 * @param maxRecvMessageSize largest request accepted, in bytes (containerd's default is 16 MiB)
 * @param maxSendMessageSize largest response sent, in bytes
 */
public record GrpcConfig(String address, int maxRecvMessageSize, int maxSendMessageSize) {
    private static final int SIXTEEN_MIB = 16 << 20;

    public GrpcConfig {
        CortadoConfig.requireAbsolute("grpc.address", address);
        if (maxRecvMessageSize <= 0 || maxSendMessageSize <= 0) {
            throw CortadoException.invalidArgument(
                    "config keys grpc.max_recv_message_size and grpc.max_send_message_size must be positive, got %d and %d",
                    maxRecvMessageSize, maxSendMessageSize);
        }
    }

    public static GrpcConfig defaults() {
        return new GrpcConfig("/run/cortado/cortado.sock", SIXTEEN_MIB, SIXTEEN_MIB);
    }
}
