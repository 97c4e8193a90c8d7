package dev.cortado.cri.image.snapshot;

import dev.cortado.cri.image.reference.Digest;
import java.util.ArrayList;
import java.util.List;

/** Chain ids as the OCI image spec defines them: {@code ChainID(n) = sha256(ChainID(n-1) + " " + DiffID(n))}. */
public final class ChainIds {
    private ChainIds() {}

    /** The chain id of every prefix of {@code diffIds}. */
    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> out = new ArrayList<>();
        Digest previous = null;
        for (Digest diff : diffIds) {
            previous = previous == null ? diff : Digest.sha256(previous + " " + diff);
            out.add(previous);
        }
        return List.copyOf(out);
    }
}
