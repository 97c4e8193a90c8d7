/**
 * Handles on running containers: the client of a cortado-init monitor's control socket,
 * the task state it reports, exit statuses and the container's stdio streams.
 */
package dev.cortado.shim.process;
