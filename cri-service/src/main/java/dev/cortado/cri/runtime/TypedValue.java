package dev.cortado.cri.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A protobuf {@code Any} in our words (type URL and value bytes): runtime options, written to
 * {@code start}'s stdin and sent as {@code CreateTaskRequest.options}, and the metrics of Stats.
 */
public record TypedValue(String typeUrl, byte[] value) {
    public TypedValue {
        Objects.requireNonNull(typeUrl, "typeUrl");
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypedValue r && r.typeUrl.equals(typeUrl) && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return typeUrl.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "TypedValue[" + typeUrl + ", " + value.length + " bytes]";
    }
}
