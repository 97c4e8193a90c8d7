package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec.DeviceRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceFilterTest {

    @Test
    void compile_emptyRules_isPrologueAndDeny() {
        byte[] prog = DeviceFilter.compile(List.of());

        assertThat(prog).hasSize(8 * 8);
        assertThat(prog[0]).isEqualTo((byte) 0x61); // ldxw r2, [r1+0]
        assertThat(prog[6 * 8]).isEqualTo((byte) 0xb7); // mov r0, 0
        assertThat(prog[7 * 8]).isEqualTo((byte) 0x95); // exit
    }

    @Test
    void compile_ruleChecksJumpToTheNextRule() {
        // c 1:3 rwm: type check, major, minor, then r0 = 1 and exit -> 5 insns
        byte[] prog = DeviceFilter.compile(List.of(new DeviceRule(true, "c", 1L, 3L, "rwm")));
        int type = 6 * 8;

        assertThat(prog[type]).isEqualTo((byte) 0x55);
        assertThat(prog[type + 2]).isEqualTo((byte) 4); // skip the 4 insns after it
        assertThat(prog[type + 4]).isEqualTo((byte) 2); // BPF_DEVCG_DEV_CHAR
        assertThat(prog[type + 3 * 8 + 4]).isEqualTo((byte) 1); // r0 = 1: allow
    }

    @Test
    void compile_defaultRules_fitTheVerifierLimitEasily() {
        assertThat(DeviceFilter.compile(DeviceFilter.effectiveRules(DefaultSpec.DEVICE_RULES)).length / 8)
                .isLessThan(200);
    }

    @Test
    void effectiveRules_startWithDenyAllAndEndWithTheAllowedDevices() {
        List<DeviceRule> rules = DeviceFilter.effectiveRules(List.of(new DeviceRule(true, "b", 8L, 0L, "r")));

        assertThat(rules.get(0)).isEqualTo(new DeviceRule(false, "a", null, null, "rwm"));
        assertThat(rules.get(1)).isEqualTo(new DeviceRule(true, "b", 8L, 0L, "r"));
        assertThat(rules.subList(2, rules.size())).isEqualTo(DefaultSpec.ALLOWED_DEVICES);
    }
}
