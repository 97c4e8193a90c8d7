/**
 * Cortado's own handler served in cortado's JVM ({@code [runtime.handlers.NAME] in_process = true}):
 * the shim's task service, wired by {@code shim.bootstrap.TaskHost} exactly as the shim server
 * wires it (the same launcher, cortado-init monitors, cgroups and state on disk), called directly
 * instead of through the Task API, its events handed to cortado's {@code EventDispatcher}. The only
 * package of cri-service that uses the shim module.
 */
package dev.cortado.cri.runtime.inprocess;
