/**
 * Turning a runtime spec into a cortado-init plan and launching it: mount option and
 * capability translation, sysctl policy, the plan format ({@link dev.cortado.shim.launch.PlanWriter}),
 * and the {@link dev.cortado.shim.launch.Launcher} that creates or re-adopts containers.
 */
package dev.cortado.shim.launch;
