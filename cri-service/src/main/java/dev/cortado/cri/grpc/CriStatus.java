package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.RuntimeCondition;
import dev.cortado.api.cri.v1.RuntimeFeatures;
import dev.cortado.api.cri.v1.RuntimeHandler;
import dev.cortado.api.cri.v1.RuntimeHandlerFeatures;
import dev.cortado.api.cri.v1.RuntimeStatus;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.cri.runtime.HandlerFeatures;
import dev.cortado.cri.status.Condition;
import dev.cortado.cri.status.RuntimeConditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What the Status RPC reports: the runtime's conditions, its handlers and what each supports. */
public final class CriStatus {
    private final RuntimeConditions conditions;
    private final String defaultHandler;
    private final Map<String, HandlerFeatures> handlers;
    private final Supplier<Map<String, String>> verboseInfo;

    /**
     * @param handlers every configured handler with what it was found to support at start, in order
     * @param verboseInfo the extra {@code info} entries of a verbose Status (the config in use)
     */
    public CriStatus(
            RuntimeConditions conditions,
            String defaultHandler,
            Map<String, HandlerFeatures> handlers,
            Supplier<Map<String, String>> verboseInfo) {
        this.conditions = conditions;
        this.defaultHandler = defaultHandler;
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
        this.verboseInfo = verboseInfo;
    }

    StatusResponse response(boolean verbose) {
        RuntimeConditions.Report report = conditions.report();
        RuntimeStatus.Builder status = RuntimeStatus.newBuilder();
        for (Condition condition : report.conditions()) {
            status.addConditions(RuntimeCondition.newBuilder()
                    .setType(condition.type())
                    .setStatus(condition.status())
                    .setReason(condition.reason())
                    .setMessage(condition.message()));
        }
        // SupplementalGroupsPolicy Strict is honoured (cri.spec.UserResolver: no groups from the
        // image's /etc/group) and ContainerStatus reports the user, as kubelet's feature needs.
        StatusResponse.Builder out = StatusResponse.newBuilder()
                .setStatus(status)
                .setFeatures(RuntimeFeatures.newBuilder().setSupplementalGroupsPolicy(true));
        // Every configured handler, and the default once more under "" (the handler of pods without a
        // RuntimeClass), as containerd's introspectRuntimeHandlers, each with what it was found to
        // support at start (HandlerFeatureProbe): kubelet refuses pods that need a feature reported false.
        handlers.forEach((name, f) -> {
            RuntimeHandlerFeatures features = RuntimeHandlerFeatures.newBuilder()
                    .setRecursiveReadOnlyMounts(f.recursiveReadOnlyMounts())
                    .setUserNamespaces(f.userNamespaces())
                    .build();
            out.addRuntimeHandlers(RuntimeHandler.newBuilder().setName(name).setFeatures(features));
            if (name.equals(defaultHandler)) {
                out.addRuntimeHandlers(RuntimeHandler.newBuilder().setName("").setFeatures(features));
            }
        });
        if (verbose) {
            out.putAllInfo(StatusInfo.of(report, verboseInfo.get()));
        }
        return out.build();
    }
}
