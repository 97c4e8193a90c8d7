package dev.cortado.cri.network;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a failed plugin said: the CNI error object it wrote to stdout ({@code code},
 * {@code msg}, {@code details}; SPEC.md "Error"), else its stderr, else its exit status.
 */
final class PluginErrors {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TEXT = 1000;

    private PluginErrors() {}

    static String describe(PluginExecutor.Output output) {
        String stdout = new String(output.stdout(), StandardCharsets.UTF_8).strip();
        try {
            JsonNode error = stdout.isEmpty() ? null : JSON.readTree(stdout);
            if (error != null && error.isObject() && (error.has("msg") || error.has("code"))) {
                StringBuilder text = new StringBuilder(error.path("msg").asString("no message"));
                if (error.has("code")) {
                    text.append(" (code ").append(error.path("code").asString()).append(')');
                }
                String details = error.path("details").asString("");
                if (!details.isEmpty()) {
                    text.append(": ").append(details);
                }
                return cut(text.toString());
            }
        } catch (JacksonException e) {
            // Not a CNI error object: fall back to what the plugin wrote for people.
        }
        if (!output.stderr().isEmpty()) {
            return cut(output.stderr());
        }
        if (!stdout.isEmpty()) {
            return cut(stdout);
        }
        return "exit status " + output.exitCode() + " and no message";
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
