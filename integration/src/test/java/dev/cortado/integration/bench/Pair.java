package dev.cortado.integration.bench;

import dev.cortado.integration.DaemonProcess;
import dev.cortado.integration.containers.ContainerdRuntime;
import dev.cortado.integration.containers.CortadoRuntime;
import dev.cortado.integration.containers.RuntimeUnderTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Cortado (its own shim, the default handler) and containerd started side by side, each in a temp
 * dir of its own with its own pod bridge and subnet; closing removes both and all they made.
 */
final class Pair implements AutoCloseable {
    private final List<Side> sides = new ArrayList<>();

    static Pair start(DaemonProcess.Jvm jvm) throws Exception {
        return start(jvm, "");
    }

    /** Both, Cortado's pods on {@code handler} ("" for its default). */
    static Pair start(DaemonProcess.Jvm jvm, String handler) throws Exception {
        Pair pair = new Pair();
        try {
            pair.sides.add(
                    new Side(Side.CORTADO, CortadoRuntime.start(handler, RuntimeUnderTest.uniqueNetwork('b'), jvm)));
            pair.sides.add(new Side(Side.CONTAINERD, ContainerdRuntime.start(RuntimeUnderTest.uniqueNetwork('d'))));
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    Side cortado() {
        return sides.get(0);
    }

    Side containerd() {
        return sides.get(1);
    }

    List<Side> sides() {
        return List.copyOf(sides);
    }

    /** Both sides, the first one first in even rounds and second in odd ones. */
    List<Side> inTurn(int round) {
        return round % 2 == 0 ? sides() : List.of(sides.get(1), sides.get(0));
    }

    /** PullImage of {@code image} on both sides. */
    void pull(String image) {
        sides.forEach(s -> s.cri().pullImage(image, null));
    }

    @Override
    public void close() {
        for (Side side : sides) {
            try {
                side.runtime().close();
            } catch (Exception e) {
                System.err.println("could not clean up " + side.name() + ": " + e);
            }
        }
    }
}
