package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.util.Objects;

/** An exec into a running task: its id, stdio and its OCI {@code process} object as JSON. */
public record ExecProcess(String execId, Stdio stdio, String processSpecJson) {
    public ExecProcess {
        if (execId == null || execId.isEmpty()) {
            throw CortadoException.invalidArgument("an exec needs an exec id");
        }
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(processSpecJson, "processSpecJson");
    }
}
