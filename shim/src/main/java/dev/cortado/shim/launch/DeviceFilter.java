package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.spec.LinuxSpec.DeviceRule;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles OCI device rules into a BPF_PROG_TYPE_CGROUP_DEVICE program, as runc's
 * devicefilter does: cgroup v2 has no devices.allow, so this program is the only barrier
 * between CAP_MKNOD and the host's disks (research/reliability.md A13).
 *
 * <p>The program reads {@code struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor}}
 * and tries the rules from last to first (the last matching rule wins); no match denies.
 */
public final class DeviceFilter {
    private static final int TYPE_BLOCK = 1;
    private static final int TYPE_CHAR = 2;

    private DeviceFilter() {}

    /** Deny all, then {@code specRules}, then the always-allowed devices of DefaultSpec. */
    public static List<DeviceRule> effectiveRules(List<DeviceRule> specRules) {
        List<DeviceRule> rules = new ArrayList<>();
        rules.add(new DeviceRule(false, "a", null, null, "rwm"));
        rules.addAll(specRules);
        rules.addAll(dev.cortado.shim.spec.DefaultSpec.ALLOWED_DEVICES);
        return rules;
    }

    /** The program as an array of 8-byte {@code struct bpf_insn}. */
    public static byte[] compile(List<DeviceRule> rules) {
        List<long[]> insns = new ArrayList<>();
        insns.add(insn(0x61, 2, 1, 0, 0)); // r2 = ctx->access_type
        insns.add(insn(0x54, 2, 0, 0, 0xffff)); // w2 &= 0xffff: device type
        insns.add(insn(0x61, 3, 1, 0, 0)); // r3 = ctx->access_type
        insns.add(insn(0x74, 3, 0, 0, 16)); // w3 >>= 16: access wanted
        insns.add(insn(0x61, 4, 1, 4, 0)); // r4 = ctx->major
        insns.add(insn(0x61, 5, 1, 8, 0)); // r5 = ctx->minor
        boolean decided = false;
        for (int i = rules.size() - 1; i >= 0 && !decided; i--) {
            List<long[]> block = block(rules.get(i));
            insns.addAll(block);
            // a rule that matches everything ends the program: the verifier rejects dead code
            decided = block.size() == 2;
        }
        if (!decided) {
            insns.add(insn(0xb7, 0, 0, 0, 0)); // r0 = 0: deny
            insns.add(insn(0x95, 0, 0, 0, 0)); // exit
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long[] in : insns) {
            out.write((int) in[0]);
            out.write((int) (in[1] | (in[2] << 4)));
            out.write((int) (in[3] & 0xff));
            out.write((int) ((in[3] >> 8) & 0xff));
            for (int b = 0; b < 4; b++) {
                out.write((int) ((in[4] >> (8 * b)) & 0xff));
            }
        }
        return out.toByteArray();
    }

    /** One rule: each failed check jumps past the rest of the block to the next rule. */
    private static List<long[]> block(DeviceRule rule) {
        List<long[]> checks = new ArrayList<>();
        int type = switch (rule.type() == null ? "a" : rule.type()) {
            case "a" -> 0;
            case "c" -> TYPE_CHAR;
            case "b" -> TYPE_BLOCK;
            default -> throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "bad device rule type " + rule.type());
        };
        int access = access(rule.access());
        if (type != 0) {
            checks.add(new long[] {0x55, 2, 0, 0, type}); // if r2 != type: next
        }
        if (access != 7) {
            checks.add(new long[] {0xbc, 1, 3, 0, 0}); // w1 = w3
            checks.add(new long[] {0x54, 1, 0, 0, access}); // w1 &= allowed
            checks.add(new long[] {0x5d, 1, 3, 0, 0}); // if r1 != r3: wanted more than allowed
        }
        if (rule.major() != null) {
            checks.add(new long[] {0x55, 4, 0, 0, rule.major()});
        }
        if (rule.minor() != null) {
            checks.add(new long[] {0x55, 5, 0, 0, rule.minor()});
        }
        checks.add(insn(0xb7, 0, 0, 0, rule.allow() ? 1 : 0));
        checks.add(insn(0x95, 0, 0, 0, 0));
        for (int i = 0; i < checks.size(); i++) {
            long[] c = checks.get(i);
            if (c[0] == 0x55 || c[0] == 0x5d) {
                c[3] = checks.size() - i - 1;
            }
        }
        return checks;
    }

    private static int access(String access) {
        if (access == null || access.isEmpty()) {
            return 7;
        }
        int bits = 0;
        for (char c : access.toCharArray()) {
            bits |= switch (c) {
                case 'm' -> 1;
                case 'r' -> 2;
                case 'w' -> 4;
                default -> throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "bad device access " + access);
            };
        }
        return bits;
    }

    private static long[] insn(int code, int dst, int src, int off, long imm) {
        return new long[] {code, dst, src, off, imm};
    }
}
