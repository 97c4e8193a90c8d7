package dev.cortado.cri.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of an {@link OciSpec}: what runc and Cortado's shim read as {@code
 * config.json}. Null fields are left out, maps are in key order, output is indented, so the
 * same spec always gives the same bytes (and golden files diff well).
 */
public final class OciJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(
                    v -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OciJson() {}

    /** The spec as UTF-8 JSON bytes. */
    public static byte[] write(OciSpec spec) {
        return toString(spec).getBytes(StandardCharsets.UTF_8);
    }

    /** The spec as JSON text. */
    public static String toString(OciSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec) + "\n";
        } catch (JacksonException e) {
            throw CortadoException.internal("cannot write the runtime spec", e);
        }
    }

    /** Reads back a spec this class wrote (status and restart recovery); INVALID_ARGUMENT when it is not one. */
    public static OciSpec read(String json) {
        try {
            return MAPPER.readValue(json, OciSpec.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "invalid runtime spec: " + e.getMessage(), e);
        }
    }

    /** The mapper, for tests that compare JSON trees. */
    static JsonMapper mapper() {
        return MAPPER;
    }
}
