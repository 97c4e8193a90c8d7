package dev.cortado.cri.store;

import dev.cortado.errors.CortadoException;
import java.util.Collection;
import java.util.List;

/** Unique-prefix id lookup, as crictl and containerd's truncindex accept ids. */
public final class IdPrefixes {
    private IdPrefixes() {}

    /** The one id in {@code ids} that is or starts with {@code idOrPrefix}. */
    public static String resolve(ObjectKind kind, String idOrPrefix, Collection<String> ids) {
        String what = kind.name().toLowerCase();
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            throw CortadoException.invalidArgument("%s id must not be empty", what);
        }
        if (ids.contains(idOrPrefix)) {
            return idOrPrefix;
        }
        List<String> matches =
                ids.stream().filter(id -> id.startsWith(idOrPrefix)).limit(2).toList();
        if (matches.isEmpty()) {
            throw CortadoException.notFound("%s \"%s\" not found", what, idOrPrefix);
        }
        if (matches.size() > 1) {
            throw CortadoException.invalidArgument(
                    "%s id prefix \"%s\" is ambiguous: it matches more than one %s", what, idOrPrefix, what);
        }
        return matches.get(0);
    }
}
