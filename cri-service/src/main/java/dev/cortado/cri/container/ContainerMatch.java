package dev.cortado.cri.container;

import java.util.Map;

/** ListContainers' filter: id and pod id match as prefixes (crictl passes short ids), all parts must match. */
final class ContainerMatch {
    private ContainerMatch() {}

    static boolean matches(ContainerFilter filter, Container c) {
        if (!c.id().startsWith(filter.id()) || !c.sandboxId().startsWith(filter.sandboxId())) {
            return false;
        }
        if (filter.state().isPresent() && filter.state().get() != c.state()) {
            return false;
        }
        Map<String, String> labels = c.config().getLabelsMap();
        return filter.labels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
