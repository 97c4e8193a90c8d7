package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code <shim> start} printed: where its Task API listens and how to speak to it.
 * containerd 1.6 shims print a bare address ({@code unix:///run/containerd/s/<hash>}, ttrpc,
 * task v2); 1.7 and 2.x shims may print JSON {@code {"version":2|3,"address":...,"protocol":
 * "ttrpc"|"grpc"}} (features.md §5.2, containerd {@code core/runtime/v2/shim.go parseStartResponse}):
 * version 2 is task v2 over ttrpc, version 3 is task v3 over ttrpc, and gRPC is always task v3
 * (containerd 1.7 takes it with version 2, as our shim offers it when {@code MAX_SHIM_VERSION=2}).
 *
 * @param version task API version, 2 or 3
 * @param socket the filesystem unix socket (abstract sockets are refused)
 * @param protocol how to speak to it
 */
public record BootstrapReply(int version, Path socket, Protocol protocol) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The wire protocol of the shim's Task API. */
    public enum Protocol {
        TTRPC,
        GRPC
    }

    public BootstrapReply {
        if (version != 2 && version != 3) {
            throw CortadoException.invalidArgument("shim bootstrap version %d is not supported (2 or 3)", version);
        }
        if (!socket.isAbsolute()) {
            throw CortadoException.invalidArgument("shim bootstrap address %s is not an absolute socket path", socket);
        }
    }

    /** The Task API service name this reply selects. */
    public String taskService() {
        return version == 2 && protocol == Protocol.TTRPC ? "containerd.task.v2.Task" : "containerd.task.v3.Task";
    }

    /** Parses {@code start}'s stdout in every form; INVALID_ARGUMENT naming what is wrong. */
    public static BootstrapReply parse(byte[] stdout) {
        String text = new String(stdout, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw CortadoException.invalidArgument("shim start printed no address");
        }
        if (text.startsWith("{")) {
            return parseJson(text);
        }
        Address a = Address.parse(text, Protocol.TTRPC);
        return new BootstrapReply(2, a.socket, a.protocol);
    }

    private static BootstrapReply parseJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw CortadoException.invalidArgument(
                    "shim start printed malformed JSON %s: %s", text, e.getOriginalMessage());
        }
        JsonNode version = node.get("version");
        JsonNode address = node.get("address");
        if (version == null || !version.isIntegralNumber() || address == null || !address.isString()) {
            throw CortadoException.invalidArgument(
                    "shim bootstrap %s needs an integer version and a string address", text);
        }
        JsonNode protocolNode = node.get("protocol");
        String protocolName = protocolNode == null || protocolNode.isNull() ? "ttrpc" : protocolNode.asString();
        Protocol protocol = switch (protocolName) {
            case "ttrpc", "" -> Protocol.TTRPC;
            case "grpc" -> Protocol.GRPC;
            default ->
                throw CortadoException.invalidArgument("shim bootstrap protocol \"%s\" is unknown", protocolName);
        };
        Address a = Address.parse(address.asString(), protocol);
        if (a.protocol != protocol) {
            throw CortadoException.invalidArgument(
                    "shim bootstrap address %s contradicts protocol %s", address.asString(), protocolName);
        }
        return new BootstrapReply(version.intValue(), a.socket, protocol);
    }

    /** A socket address: {@code unix://PATH}, {@code ttrpc+unix://PATH}, {@code grpc+unix://PATH} or a path. */
    private record Address(Path socket, Protocol protocol) {
        static Address parse(String address, Protocol fallback) {
            String rest = address;
            Protocol protocol = fallback;
            if (rest.startsWith("ttrpc+")) {
                protocol = Protocol.TTRPC;
                rest = rest.substring("ttrpc+".length());
            } else if (rest.startsWith("grpc+")) {
                protocol = Protocol.GRPC;
                rest = rest.substring("grpc+".length());
            }
            if (rest.startsWith("unix://")) {
                rest = rest.substring("unix://".length());
            } else if (rest.contains("://")) {
                throw CortadoException.invalidArgument("shim address %s has an unsupported scheme", address);
            }
            if (rest.startsWith("@")) {
                throw CortadoException.invalidArgument(
                        "shim address %s is an abstract socket, which cortado does not" + " dial", address);
            }
            if (!rest.startsWith("/") || rest.indexOf('\0') >= 0 || rest.contains("\n")) {
                throw CortadoException.invalidArgument("shim address %s is not an absolute socket path", address);
            }
            return new Address(Path.of(rest), protocol);
        }
    }
}
