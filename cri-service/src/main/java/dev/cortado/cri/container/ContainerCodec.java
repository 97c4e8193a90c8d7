package dev.cortado.cri.container;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.cri.store.StoredObject;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Container records as JSON store payloads; the store never reads them. The CRI config is kept
 * as base64 of its protobuf bytes, so every field (even ones added to CRI later) survives.
 */
final class ContainerCodec {
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * The JSON shape: {@link Container} with the config as bytes, plus the name reserved for it
     * ({@code name_podname_podnamespace_poduid_attempt}; the pod's part is not in the container's
     * own config, so RemoveContainer finds it here).
     */
    record Payload(
            String id,
            String sandboxId,
            String reservedName,
            String config,
            String imageId,
            String imageName,
            String imageRef,
            String logPath,
            String runtimeHandler,
            String stopSignal,
            ContainerUser user,
            ContainerStatus status) {}

    StoredObject encode(Container c, String reservedName) {
        Payload p = new Payload(
                c.id(),
                c.sandboxId(),
                reservedName,
                Base64.getEncoder().encodeToString(c.config().toByteArray()),
                c.imageId(),
                c.imageName(),
                c.imageRef(),
                c.logPath(),
                c.runtimeHandler(),
                c.stopSignal(),
                c.user(),
                c.status());
        return new StoredObject(ObjectKind.CONTAINER, c.id(), Optional.of(c.sandboxId()), json.writeValueAsBytes(p));
    }

    Container decode(StoredObject object) {
        try {
            Payload p = json.readValue(object.payload(), Payload.class);
            ContainerConfig config =
                    ContainerConfig.parseFrom(Base64.getDecoder().decode(p.config()));
            return new Container(
                    p.id(),
                    p.sandboxId(),
                    config,
                    p.imageId(),
                    p.imageName(),
                    p.imageRef(),
                    p.logPath(),
                    p.runtimeHandler(),
                    p.stopSignal(),
                    p.user(),
                    p.status());
        } catch (JacksonException e) {
            throw corrupt(object, e.getOriginalMessage(), e);
        } catch (InvalidProtocolBufferException | IllegalArgumentException | NullPointerException e) {
            throw corrupt(object, e.getMessage(), e);
        }
    }

    /** The reserved name kept with the record. */
    String reservedName(StoredObject object) {
        try {
            return json.readValue(object.payload(), Payload.class).reservedName();
        } catch (JacksonException e) {
            throw corrupt(object, e.getOriginalMessage(), e);
        }
    }

    private static CortadoException corrupt(StoredObject object, String why, Exception e) {
        return new CortadoException(ErrorKind.INTERNAL, "corrupt container record " + object.id() + ": " + why, e);
    }
}
