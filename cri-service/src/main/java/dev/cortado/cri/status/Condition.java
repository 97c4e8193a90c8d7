package dev.cortado.cri.status;

import java.util.Objects;

/**
 * One runtime condition as CRI reports it: {@code RuntimeReady} or {@code NetworkReady}, true or
 * false, and when false a machine-readable reason (CamelCase) with a message for people.
 */
public record Condition(String type, boolean status, String reason, String message) {
    public static final String RUNTIME_READY = "RuntimeReady";
    public static final String NETWORK_READY = "NetworkReady";

    public Condition {
        Objects.requireNonNull(type, "type");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    public static Condition ready(String type) {
        return new Condition(type, true, "", "");
    }

    public static Condition notReady(String type, String reason, String message) {
        return new Condition(type, false, reason, message);
    }
}
