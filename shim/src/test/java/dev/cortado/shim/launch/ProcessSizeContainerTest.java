package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Privileged: argv and env are limited by the kernel's exec limits, not by cortado-init. */
class ProcessSizeContainerTest extends PrivilegedLauncherFixture {
    private static Spec withEnv(Spec spec, List<String> env) {
        ProcessSpec p = spec.process();
        return spec.withProcess(p.toBuilder().env(env).build());
    }

    @Test
    void thousandEnvVariables_allReachTheProcess() throws Exception {
        // a pod in a namespace with ~40 Services gets more than 256 service-link variables
        List<String> env = new ArrayList<>(List.of("PATH=/bin"));
        IntStream.range(0, 1000)
                .mapToObj(i -> "SVC_" + i + "_SERVICE_PORT=" + (1000 + i))
                .forEach(env::add);

        Containers.Result r = containers.run(
                withEnv(shell("env | grep -c '^SVC_'; echo $SVC_0_SERVICE_PORT $SVC_999_SERVICE_PORT"), env));

        assertThat(r.code()).isZero();
        assertThat(r.stdout()).isEqualTo("1000\n1000 1999\n");
    }

    @Test
    void envOverArgMax_isInvalidArgumentBeforeAnythingStarts() {
        List<String> env = Collections.nCopies(20, "BIG=" + "x".repeat(120_000));

        assertThatThrownBy(() -> containers.create(withEnv(shell("true"), env)))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("over ARG_MAX");
    }
}
