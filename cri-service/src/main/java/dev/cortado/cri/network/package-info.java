/**
 * Pod networking through CNI: network config discovery, NetworkReady, and {@link
 * dev.cortado.cri.network.CniPodNetwork}, which runs plugin chains (ADD/DEL) per the CNI spec as
 * containerd does, keeps each pod's ADD in a result cache for its DEL, and writes the network
 * config from a pod-CIDR template.
 */
package dev.cortado.cri.network;
