package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans that PlanWriter writes, read back by cortado-init's plan.c (through src/test/c/plandump.c). */
class PlanRoundTripTest {
    @TempDir
    static Path bin;

    private static Path plandump;

    @BeforeAll
    static void buildPlandump() throws Exception {
        plandump = bin.resolve("plandump");
        Process gcc = new ProcessBuilder(
                        "gcc",
                        "-std=gnu11",
                        "-Wall",
                        "-Werror",
                        "-I",
                        "src/main/c",
                        "-o",
                        plandump.toString(),
                        "src/test/c/plandump.c",
                        "src/main/c/plan.c")
                .inheritIO()
                .start();
        assumeTrue(gcc.waitFor() == 0, "needs gcc to build the plan parser");
    }

    private static PlanWriter plan() {
        return new PlanWriter().add("statedir", "/run/s").add("args", "true");
    }

    private static String parse(PlanWriter plan) throws IOException, InterruptedException {
        return parseBytes(plan.toBytes());
    }

    private static String parseBytes(byte[] plan) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(plandump.toString())
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(plan);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void stdioOwner_isReadWithItsIds() throws Exception {
        String parsed = parse(new StdioOwner(1000, 2000).writeTo(plan()));

        assertThat(parsed).isEqualTo("statedir /run/s\nargs true\nstdio-owner 1000 2000\n");
    }

    @Test
    void noStdioOwner_isReadAsNone() throws Exception {
        assertThat(parse(plan())).endsWith("stdio-owner none\n");
    }

    @Test
    void stdioOwnerWithOneId_isRefused() throws Exception {
        assertThat(parse(plan().add("stdio-owner", "1000"))).isEqualTo("error wrong argument count\n");
    }

    @Test
    void stdioOwnerMinusOne_isRefused() throws Exception {
        // (unsigned) -1 would tell fchown to leave the uid unchanged
        assertThat(parse(plan().add("stdio-owner", "4294967295", "0"))).isEqualTo("error bad stdio-owner id\n");
    }

    @Test
    void cwdOverPathMax_isRefused() throws Exception {
        assertThat(parse(plan().add("cwd", "/" + "a".repeat(4095)))).isEqualTo("error cwd is longer than PATH_MAX-1\n");
        assertThat(parse(plan().add("cwd", "/" + "a".repeat(4094)))).startsWith("statedir");
    }

    @Test
    void relativeCwd_isRefused() throws Exception {
        assertThat(parse(plan().add("cwd", ""))).isEqualTo("error cwd is not absolute\n");
    }

    @Test
    void garbledUid_isRefusedNotRoot() throws Exception {
        // strtoull read "x1000" as 0, which is root
        assertThat(parse(plan().add("user", "x1000", "0"))).isEqualTo("error malformed number in user uid\n");
        assertThat(parse(plan().add("user", "0", "-1"))).isEqualTo("error malformed number in user gid\n");
        assertThat(parse(plan().add("user", "0", "0", "1 ")))
                .isEqualTo("error malformed number in user additional gid\n");
        assertThat(parse(plan().add("user", "4294967295", "0"))).isEqualTo("error malformed number in user uid\n");
    }

    @Test
    void everyNumericField_isChecked() throws Exception {
        assertThat(parse(plan().add("caps", "1", "2", "3", "4", "18446744073709551616")))
                .isEqualTo("error malformed number in caps ambient\n");
        assertThat(parse(plan().add("rlimit", "7", "", "1"))).isEqualTo("error malformed number in rlimit soft\n");
        assertThat(parse(plan().add("mount", "a", "/b", "c", "+1", "0", "")))
                .isEqualTo("error malformed number in mount flags\n");
        assertThat(parse(plan().add("mknod", "/dev/x", "8630", "1", "3", "0", "0x0")))
                .isEqualTo("error malformed number in mknod gid\n");
        assertThat(parse(plan().add("uidmap", "0", "1000", "65536x")))
                .isEqualTo("error malformed number in id map size\n");
        assertThat(parse(plan().add("ns", "net", "/proc/1/ns/net", "12a")))
                .isEqualTo("error malformed number in ns inode\n");
        assertThat(parse(plan().add("oom", "-1001"))).isEqualTo("error malformed number in oom score adj\n");
        assertThat(parse(plan().add("propagation", " 1"))).isEqualTo("error malformed number in propagation\n");
        assertThat(parse(plan().add("rootfs", "/r", "yes"))).isEqualTo("error malformed rootfs read-only flag\n");
        assertThat(parse(plan().add("oom", "-1000").add("rlimit", "7", "1024", "4096")))
                .startsWith("statedir");
    }

    @Test
    void thousandsOfEnvEntries_areReadWithoutCap() throws Exception {
        // kubelet's service-link variables for ~40 Services pass the old cap of 256
        List<String> env =
                IntStream.range(0, 3000).mapToObj(i -> "V" + i + "=" + i).toList();

        assertThat(parse(new PlanWriter()
                        .add("statedir", "/run/s")
                        .add("args", "true")
                        .add("env", env)))
                .startsWith("statedir")
                .contains("env 3000 V0=0 V2999=2999\n");
    }

    @Test
    void argumentCountBeyondThePlan_isRefused() throws Exception {
        byte[] lie = "cortado-plan 1\n1:1\nenv 99999999\n0:\n".getBytes(StandardCharsets.UTF_8);

        assertThat(parseBytes(lie)).isEqualTo("error bad argument count\n");
    }

    @Test
    void argsTwice_isRefused() throws Exception {
        assertThat(parse(plan().add("args", "false"))).isEqualTo("error args given twice\n");
    }
}
