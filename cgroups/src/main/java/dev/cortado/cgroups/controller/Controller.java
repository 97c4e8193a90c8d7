package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.Resources;
import java.util.List;

/** A cgroup v2 controller as a pure function from resources to file writes. */
public interface Controller {

    /** Returns the controller's kernel name, as in {@code cgroup.controllers}. */
    String name();

    /** Returns the writes for the resources; empty when nothing of this controller is set. */
    List<Write> writes(Resources resources);
}
