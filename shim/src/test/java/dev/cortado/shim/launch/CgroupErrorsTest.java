package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One table for cgroup failures: HostCgroups (task) and ContainerCgroups (launch) both use it. */
class CgroupErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "INVALID_ARGUMENT,INVALID_ARGUMENT",
        "NOT_FOUND,NOT_FOUND",
        "UNSUPPORTED,FAILED_PRECONDITION",
        "FAILED_PRECONDITION,FAILED_PRECONDITION",
        "TIMEOUT,INTERNAL",
        "IO,INTERNAL"
    })
    void eachReason_hasOneKind(CgroupException.Reason reason, ErrorKind kind) {
        assertThat(CgroupErrors.kindOf(reason)).isEqualTo(kind);
    }
}
