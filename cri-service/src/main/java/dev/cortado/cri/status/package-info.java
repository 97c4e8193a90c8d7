/**
 * What CRI Status reports: the RuntimeReady and NetworkReady conditions, computed from checks
 * of what is really present on the node (state dirs, cgroup v2, the shim binary, CNI).
 */
package dev.cortado.cri.status;
