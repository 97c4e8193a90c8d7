package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a network's plugin chain for one pod as libcni does: ADD in order, each plugin getting the
 * previous one's result as {@code prevResult}; DEL in reverse order. DEL goes on past a failing
 * plugin so that one broken plugin does not keep the others' resources (IPs) allocated.
 */
final class ChainRunner {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final PluginDirs dirs;
    private final PluginExecutor executor;
    private final Duration timeout;

    ChainRunner(PluginDirs dirs, PluginExecutor executor, Duration timeout) {
        this.dirs = dirs;
        this.executor = executor;
        this.timeout = timeout;
    }

    /** The CNI_* values that stay the same along the chain, and the pod's capability values. */
    record Call(String containerId, String netns, String ifName, String cniArgs, Map<String, JsonNode> capabilityArgs) {
        Call {
            capabilityArgs = Map.copyOf(capabilityArgs);
        }
    }

    /**
     * How an ADD ended: the last plugin's result, or the failure and how many plugins from the
     * start may have changed something ({@code touched}), which is what a rollback DEL undoes.
     */
    record AddOutcome(JsonNode result, CortadoException failure, int touched) {}

    AddOutcome add(NetworkChain chain, Call call) {
        JsonNode prevResult = null;
        for (int i = 0; i < chain.size(); i++) {
            Path plugin = locate(chain, i);
            if (plugin == null) {
                return new AddOutcome(null, notFound(chain, i, call, "ADD"), i);
            }
            try {
                byte[] stdout = run(plugin, "ADD", chain, i, call, prevResult);
                prevResult = parseResult(stdout, chain, i, call);
            } catch (CortadoException e) {
                return new AddOutcome(null, e, i + 1);
            }
        }
        return new AddOutcome(Objects.requireNonNull(prevResult), null, chain.size());
    }

    /** DEL of the first {@code count} plugins, last first; throws the first failure after trying all. */
    void del(NetworkChain chain, Call call, JsonNode cachedResult, int count) {
        JsonNode prevResult = chain.delTakesPrevResult() ? cachedResult : null;
        CortadoException failure = null;
        for (int i = count - 1; i >= 0; i--) {
            try {
                Path plugin = locate(chain, i);
                if (plugin == null) {
                    throw notFound(chain, i, call, "DEL");
                }
                run(plugin, "DEL", chain, i, call, prevResult);
            } catch (CortadoException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Path locate(NetworkChain chain, int index) {
        return dirs.find(chain.type(index)).orElse(null);
    }

    private byte[] run(Path plugin, String command, NetworkChain chain, int index, Call call, JsonNode prevResult) {
        Map<String, String> env = Map.of(
                "CNI_COMMAND",
                command,
                "CNI_CONTAINERID",
                call.containerId(),
                "CNI_NETNS",
                call.netns(),
                "CNI_IFNAME",
                call.ifName(),
                "CNI_ARGS",
                call.cniArgs(),
                "CNI_PATH",
                dirs.cniPath());
        PluginExecutor.Output output;
        try {
            output = executor.execute(plugin, env, chain.stdin(index, call.capabilityArgs(), prevResult), timeout);
        } catch (CortadoException e) {
            throw new CortadoException(e.kind(), prefix(chain, index, call, command) + e.getMessage(), e);
        }
        if (output.exitCode() != 0) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, prefix(chain, index, call, command) + PluginErrors.describe(output));
        }
        return output.stdout();
    }

    private JsonNode parseResult(byte[] stdout, NetworkChain chain, int index, Call call) {
        try {
            JsonNode result = JSON.readTree(stdout);
            if (result != null && result.isObject()) {
                return result;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new CortadoException(
                ErrorKind.INTERNAL,
                prefix(chain, index, call, "ADD") + "the plugin exited 0 without a JSON result object on stdout");
    }

    private CortadoException notFound(NetworkChain chain, int index, Call call, String command) {
        return CortadoException.failedPrecondition(
                "%sno executable \"%s\" in %s", prefix(chain, index, call, command), chain.type(index), dirs);
    }

    private static String prefix(NetworkChain chain, int index, Call call, String command) {
        return "cni " + command + " of pod " + call.containerId() + " in network \"" + chain.name()
                + "\" failed in plugin \"" + chain.type(index) + "\": ";
    }
}
