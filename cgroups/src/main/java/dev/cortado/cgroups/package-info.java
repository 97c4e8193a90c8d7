/**
 * Core of the cgroup v2 library: the hierarchy (mode, root, controllers), safe cgroup paths,
 * {@code cgroup_parent} parsing for the cgroupfs and systemd drivers, and the one
 * {@link dev.cortado.cgroups.CgroupFs} interface through which every file is read and written.
 *
 * <p>Pure Java file I/O; no protobuf, gRPC or JNA. Depends on no other package of this module.
 */
package dev.cortado.cgroups;
