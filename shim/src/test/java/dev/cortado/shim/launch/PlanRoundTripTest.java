package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans that PlanWriter writes, read back by cortado-init's plan.c (through src/test/c/plandump.c). */
class PlanRoundTripTest {
    @TempDir static Path bin;
    private static Path plandump;

    @BeforeAll
    static void buildPlandump() throws Exception {
        plandump = bin.resolve("plandump");
        Process gcc = new ProcessBuilder("gcc", "-std=gnu11", "-Wall", "-Werror", "-I", "src/main/c", "-o",
                plandump.toString(), "src/test/c/plandump.c", "src/main/c/plan.c").inheritIO().start();
        assumeTrue(gcc.waitFor() == 0, "needs gcc to build the plan parser");
    }

    private static PlanWriter plan() {
        return new PlanWriter().add("statedir", "/run/s").add("args", "true");
    }

    private static String parse(PlanWriter plan) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(plandump.toString()).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(plan.toBytes());
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
}
