package dev.cortado.integration.bench;

import dev.cortado.integration.containers.RuntimeUnderTest;
import dev.cortado.integration.cri.CriClient;

/**
 * One runtime of the comparison: its name in the table ({@code cortado} or {@code containerd})
 * and the runtime the containers suite starts for it.
 */
record Side(String name, RuntimeUnderTest runtime) {
    static final String CORTADO = "cortado";
    static final String CONTAINERD = "containerd";

    CriClient cri() {
        return runtime.client();
    }
}
