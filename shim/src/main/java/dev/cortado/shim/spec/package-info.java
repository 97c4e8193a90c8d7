/**
 * Our own records for the part of the OCI runtime spec (config.json) that the launcher
 * executes, a Jackson reader for it, and the default spec a container gets.
 *
 * <p>Records are immutable and treat a missing JSON list or map as empty.
 */
package dev.cortado.shim.spec;
