package dev.cortado.cri.streaming;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a session ended, written on the error stream as kubelet does: protocol v4 and later send a
 * {@code metav1.Status} as JSON ({@code Success}, or {@code Failure} with reason
 * {@code NonZeroExitCode} and a cause {@code {"reason":"ExitCode","message":"<code>"}}, which
 * client-go turns into the exit code); older protocols send only a failure's message as text.
 */
record ExecStatus(
        boolean success, String message, String reason, String causeReason, String causeMessage, int httpCode) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static ExecStatus ofSuccess() {
        return new ExecStatus(true, "", "", "", "", 0);
    }

    static ExecStatus ofExitCode(List<String> cmd, int code) {
        return new ExecStatus(
                false,
                "command terminated with non-zero exit code: error executing command " + cmd + ", exit code " + code,
                "NonZeroExitCode",
                "ExitCode",
                Integer.toString(code),
                0);
    }

    static ExecStatus ofInternal(String what) {
        return new ExecStatus(false, "Internal error occurred: " + what, "InternalError", "", what, 500);
    }

    /** The bytes for the error stream; empty when there is nothing to send. */
    byte[] encode(boolean jsonStatus) {
        if (!jsonStatus) {
            return success ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("metadata", Map.of());
        status.put("status", success ? "Success" : "Failure");
        if (!success) {
            status.put("message", message);
            status.put("reason", reason);
            Map<String, Object> cause = new LinkedHashMap<>();
            if (!causeReason.isEmpty()) {
                cause.put("reason", causeReason);
            }
            cause.put("message", causeMessage);
            status.put("details", Map.of("causes", List.of(cause)));
            if (httpCode != 0) {
                status.put("code", httpCode);
            }
        }
        return JSON.writeValueAsBytes(status);
    }
}
