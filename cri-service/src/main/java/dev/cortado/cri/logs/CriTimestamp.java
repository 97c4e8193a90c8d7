package dev.cortado.cri.logs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;

/**
 * Go's {@code time.Now().Format(time.RFC3339Nano)} as containerd's CRI logger writes it
 * ({@code pkg/cri/io/logger.go}): local time of the clock's zone, fraction with trailing zeros
 * cut (none at all when zero), {@code Z} for a zero offset, else {@code +hh:mm}.
 */
final class CriTimestamp {
    private CriTimestamp() {}

    static byte[] now(Clock clock) {
        return format(ZonedDateTime.now(clock)).getBytes(StandardCharsets.US_ASCII);
    }

    static String format(ZonedDateTime t) {
        StringBuilder b = new StringBuilder(35);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(b.append('.'), nanos, digits);
        }
        int offset = t.getOffset().getTotalSeconds();
        if (offset == 0) {
            return b.append('Z').toString();
        }
        b.append(offset < 0 ? '-' : '+');
        int abs = Math.abs(offset);
        pad(b, abs / 3600, 2).append(':');
        return pad(b, abs / 60 % 60, 2).toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
