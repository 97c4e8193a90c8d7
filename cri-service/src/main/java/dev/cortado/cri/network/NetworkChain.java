package dev.cortado.cri.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A network config as the chain of plugin configs it runs, and the stdin each plugin gets, the
 * way libcni builds it: the list's {@code name} and {@code cniVersion} injected into every
 * plugin, {@code runtimeConfig} holding only the capabilities that plugin declares, and
 * {@code prevResult}. A single-plugin {@code .conf} becomes a list of one (libcni's
 * ConfListFromConf), so a pod's DEL can always be run from the cached list form.
 */
final class NetworkChain {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final String cniVersion;
    private final List<ObjectNode> plugins;

    private NetworkChain(String name, String cniVersion, List<ObjectNode> plugins) {
        this.name = name;
        this.cniVersion = cniVersion;
        this.plugins = List.copyOf(plugins);
    }

    /** The chain of a loaded network; its file's extension says list or single plugin, as for libcni. */
    static NetworkChain of(CniNetwork network) {
        JsonNode root = JSON.readTree(network.json());
        if (network.source().getFileName().toString().endsWith(".conflist")) {
            return fromList(root);
        }
        return new NetworkChain(network.name(), network.cniVersion(), List.of((ObjectNode) root));
    }

    /** The chain of a list as {@link #listJson()} wrote it. */
    static NetworkChain parseList(String listJson) {
        return fromList(JSON.readTree(listJson));
    }

    private static NetworkChain fromList(JsonNode root) {
        if (!root.isObject()
                || !root.path("plugins").isArray()
                || root.path("plugins").isEmpty()) {
            throw new IllegalArgumentException("network config list without plugins");
        }
        List<ObjectNode> plugins = new ArrayList<>();
        for (JsonNode plugin : root.path("plugins")) {
            if (!plugin.isObject() || plugin.path("type").asString("").isEmpty()) {
                throw new IllegalArgumentException("plugin without a \"type\" in network config list");
            }
            plugins.add((ObjectNode) plugin);
        }
        return new NetworkChain(
                root.path("name").asString(""), root.path("cniVersion").asString(""), plugins);
    }

    String name() {
        return name;
    }

    String cniVersion() {
        return cniVersion;
    }

    int size() {
        return plugins.size();
    }

    String type(int index) {
        return plugins.get(index).path("type").asString();
    }

    /** The list form, which the result cache keeps so DEL runs what ADD ran. */
    String listJson() {
        ObjectNode list = JSON.createObjectNode();
        list.put("cniVersion", cniVersion);
        list.put("name", name);
        list.putArray("plugins").addAll(plugins);
        return JSON.writeValueAsString(list);
    }

    /**
     * The stdin of plugin {@code index}.
     *
     * @param capabilityArgs runtime values by capability name; only those the plugin declares
     *     under {@code capabilities} go into its {@code runtimeConfig} (CNI CONVENTIONS.md)
     * @param prevResult the previous plugin's result (ADD) or the cached result (DEL), or null
     */
    byte[] stdin(int index, Map<String, JsonNode> capabilityArgs, JsonNode prevResult) {
        ObjectNode conf = plugins.get(index).deepCopy();
        conf.put("name", name);
        conf.put("cniVersion", cniVersion);
        JsonNode declared = conf.path("capabilities");
        ObjectNode runtimeConfig = JSON.createObjectNode();
        capabilityArgs.forEach((capability, value) -> {
            if (declared.path(capability).asBoolean(false)) {
                runtimeConfig.set(capability, value);
            }
        });
        if (!runtimeConfig.isEmpty()) {
            conf.set("runtimeConfig", runtimeConfig);
        }
        if (prevResult != null) {
            conf.set("prevResult", prevResult);
        }
        return JSON.writeValueAsBytes(conf);
    }

    /** DEL gets prevResult only from CNI 0.4.0 on (libcni: GreaterThanOrEqualTo(version, "0.4.0")). */
    boolean delTakesPrevResult() {
        return CniVersions.atLeast(cniVersion, 0, 4, 0);
    }
}
