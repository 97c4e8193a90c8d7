package dev.cortado.integration.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriLogTest {
    private static final String LOG = """
            2026-12-03T09:30:00.123456789Z stdout F hello
            2026-12-03T09:30:00.2+01:00 stderr F oops
            2026-12-03T09:30:01Z stdout P part one,\s
            2026-12-03T09:30:01.5Z stdout F part two
            2026-12-03T09:30:02Z stdout F\s
            2026-12-03T09:30:03Z stdout P trailing
            2026-12-03T09:30:04Z stdout F unfinished""";

    @Test
    void parse_readsTimeStreamTagAndMessage_leavingOutAnUnterminatedLastLine() {
        List<CriLog.Line> lines = CriLog.parse(LOG);

        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .isEqualTo(new CriLog.Line(
                        Instant.parse("2026-12-03T09:30:00.123456789Z"), CriLog.Stream.STDOUT, false, "hello"));
        assertThat(lines.get(1).time()).isEqualTo(Instant.parse("2026-12-03T08:30:00.2Z"));
        assertThat(lines.get(1).stream()).isEqualTo(CriLog.Stream.STDERR);
        assertThat(lines.get(2).partial()).isTrue();
    }

    @Test
    void messages_joinPartialChunksPerStream_andLeaveOutATrailingPartial() {
        List<CriLog.Line> lines = CriLog.parse(LOG);

        assertThat(CriLog.messages(lines, CriLog.Stream.STDOUT)).containsExactly("hello", "part one, part two", "");
        assertThat(CriLog.messages(lines, CriLog.Stream.STDERR)).containsExactly("oops");
    }

    @Test
    void parse_malformedLine_failsNamingIt() {
        assertThatThrownBy(() -> CriLog.parse("yesterday stdout F x\n")).hasMessageContaining("bad time yesterday");
        assertThatThrownBy(() -> CriLog.parse("2026-12-03T09:30:00Z stdin F x\n"))
                .hasMessageContaining("bad stream");
        assertThatThrownBy(() -> CriLog.parse("2026-12-03T09:30:00Z stdout X x\n"))
                .hasMessageContaining("bad tag");
        assertThatThrownBy(() -> CriLog.parse("2026-12-03T09:30:00Z\n")).hasMessageContaining("fewer than 3");
    }
}
