/**
 * The one internal resources record ({@link dev.cortado.cgroups.resources.Resources}) and the
 * plain-Java mirrors of CRI {@code LinuxContainerResources} and OCI {@code LinuxResources} that
 * adapters elsewhere fill from generated protos or JSON; {@link
 * dev.cortado.cgroups.resources.ResourcesMapper} turns either into the internal record.
 *
 * <p>No protobuf or JSON library types appear here; imports only {@code dev.cortado.cgroups}.
 */
package dev.cortado.cgroups.resources;
