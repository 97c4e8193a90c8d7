package dev.cortado.cri.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
    @Test
    void imageThenCri_laterValueReplacesInPlace() {
        List<String> env = Environment.build(
                "web-0",
                false,
                List.of("PATH=/bin", "A=image", "B=image"),
                List.of(Map.entry("A", "cri"), Map.entry("C", "cri")));
        assertThat(env).containsExactly("PATH=/bin", "HOSTNAME=web-0", "A=cri", "B=image", "C=cri");
    }

    @Test
    void noImagePath_getsTheDefaultPath() {
        assertThat(Environment.build("h", false, List.of(), List.of()))
                .containsExactly(Environment.DEFAULT_PATH, "HOSTNAME=h");
    }

    @Test
    void tty_addsTermXterm_whichTheImageMayReplace() {
        assertThat(Environment.build("h", true, List.of(), List.of()))
                .containsExactly(Environment.DEFAULT_PATH, "TERM=xterm", "HOSTNAME=h");
        assertThat(Environment.build("h", true, List.of("TERM=dumb"), List.of()))
                .containsExactly(Environment.DEFAULT_PATH, "TERM=dumb", "HOSTNAME=h");
    }

    @Test
    void entryWithoutEquals_unsetsTheVariable() {
        assertThat(Environment.build("h", false, List.of("A=1", "A"), List.of()))
                .containsExactly(Environment.DEFAULT_PATH, "HOSTNAME=h");
    }

    @Test
    void criMayOverrideHostname_andValuesKeepEquals() {
        assertThat(Environment.build("h", false, List.of(), List.of(Map.entry("HOSTNAME", "x"), Map.entry("Q", "a=b"))))
                .containsExactly(Environment.DEFAULT_PATH, "HOSTNAME=x", "Q=a=b");
    }
}
