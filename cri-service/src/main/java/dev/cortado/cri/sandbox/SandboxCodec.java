package dev.cortado.cri.sandbox;

import dev.cortado.cri.store.ObjectKind;
import dev.cortado.cri.store.StoredObject;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Sandbox records as JSON store payloads; the store never reads them. */
final class SandboxCodec {
    private final JsonMapper json = JsonMapper.builder().build();

    StoredObject encode(Sandbox sandbox) {
        return new StoredObject(ObjectKind.SANDBOX, sandbox.id(), Optional.empty(), json.writeValueAsBytes(sandbox));
    }

    Sandbox decode(StoredObject object) {
        try {
            return json.readValue(object.payload(), Sandbox.class);
        } catch (JacksonException e) {
            throw new CortadoException(
                    ErrorKind.INTERNAL, "corrupt sandbox record " + object.id() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The record as JSON text, for verbose status. */
    String toJson(Object value) {
        return json.writeValueAsString(value);
    }
}
