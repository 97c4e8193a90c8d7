package dev.cortado.integration.containerd;

import java.nio.file.Path;

/**
 * containerd's config (version 2) for a CRI runtime owned by one test: everything under
 * {@code dir}, nothing in /etc, /var/lib/containerd, /run/containerd or /opt/containerd.
 */
final class CriConfig {
    private CriConfig() {}

    /**
     * The TOML. Choices a node would not make, and why: {@code restrict_oom_score_adj} because root
     * here lacks CAP_SYS_RESOURCE (the pause container's -998 is refused otherwise); apparmor off
     * so no profile is loaded on the host; runc's state root and the netns pins under the state
     * dir so nothing is shared with another containerd; the cortado handler's options name a file
     * because 1.6 hands a non-runc runtime only {@code ConfigPath} of its options table.
     */
    static String toml(Path dir, String pauseImage) {
        return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                  address = "%1$s/c.sock"
                [debug]
                  level = "info"
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%2$s"
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  restrict_oom_score_adj = true
                  disable_apparmor = true
                  netns_mounts_under_state_dir = true
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        Root = "%1$s/runc"
                        SystemdCgroup = false
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.cortado]
                      runtime_type = "io.containerd.cortado.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.cortado.options]
                        ConfigPath = "%1$s/cortado-shim.toml"
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%3$s"
                    conf_dir = "%1$s/net.d"
                    max_conf_num = 1
                """.formatted(dir, pauseImage, CriNetwork.BIN);
    }
}
