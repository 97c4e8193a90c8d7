/**
 * Task events: our records for the ten containerd task topics, the sink the task service
 * publishes to, and the publisher that forwards them to containerd's ttrpc Events/Forward.
 */
package dev.cortado.shim.events;
