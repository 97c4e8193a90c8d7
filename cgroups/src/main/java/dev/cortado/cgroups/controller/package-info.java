/**
 * One pure class per cgroup v2 controller, each turning its part of a {@link
 * dev.cortado.cgroups.resources.Resources} into a list of {@link
 * dev.cortado.cgroups.controller.Write}s (file, value), plus the validation of the CRI/OCI
 * {@code unified} map and the {@link dev.cortado.cgroups.controller.WritePlan} that checks every
 * needed controller is available before anything is written.
 *
 * <p>No file I/O here. Imports {@code dev.cortado.cgroups} and {@code dev.cortado.cgroups.resources} only.
 */
package dev.cortado.cgroups.controller;
