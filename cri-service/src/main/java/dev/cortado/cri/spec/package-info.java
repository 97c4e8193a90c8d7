/**
 * CRI -> OCI: the OCI runtime spec ({@code config.json}) of a CRI container, built as
 * containerd 1.7's CRI plugin builds it. Entry point: {@link dev.cortado.cri.spec.OciSpecBuilder#build};
 * output: {@link dev.cortado.cri.spec.OciJson#write}.
 *
 * <p>Pure: no I/O of its own; the host is seen through {@link dev.cortado.cri.spec.HostFacts}
 * and the image's files through {@link dev.cortado.cri.spec.RootfsFiles} (real implementations
 * in {@code cri.spec.host}). The one exception to "generated protos stop at the adapter":
 * {@link dev.cortado.cri.spec.SpecRequest} carries the CRI {@code ContainerConfig} and {@code
 * PodSandboxConfig} protos, because translating them field by field is this package's whole job;
 * everything else here is our own records. Golden files under
 * {@code src/test/resources/golden/} pin the output (see {@code GoldenSpecTest}).
 */
package dev.cortado.cri.spec;
