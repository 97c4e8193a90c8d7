/** Pod networking through CNI: network config discovery and plugin lookup. */
package dev.cortado.cri.network;
