package dev.cortado.integration.bench;

import dev.cortado.integration.containers.Kubelet;
import java.time.Duration;

/**
 * ExecSync latency: one pod with one running busybox container per side, then {@code true} run
 * through ExecSync, the sides in turn; three warm-ups per side not recorded.
 */
final class ExecBench {
    static final int WARM_UPS = 3;

    void run(Pair pair, String image, int count, BenchReport report) throws Exception {
        String[] ids = new String[2];
        Kubelet.Pod[] pods = new Kubelet.Pod[2];
        for (int i = 0; i < 2; i++) {
            Kubelet kubelet = new Kubelet(pair.sides().get(i).runtime());
            pods[i] = kubelet.runPod("exec");
            ids[i] = kubelet.run(
                    pods[i],
                    kubelet.container(pods[i], "c", image, DensityBench.COMMAND).build());
        }
        Timings[] t = {new Timings(), new Timings()};
        for (int round = -WARM_UPS; round < count; round++) {
            for (Side side : pair.inTurn(round)) {
                int i = pair.sides().indexOf(side);
                long t0 = System.nanoTime();
                int exit = side.cri()
                        .execSync(ids[i], Duration.ofSeconds(10), "true")
                        .getExitCode();
                if (round >= 0) {
                    t[i].record("ExecSync", System.nanoTime() - t0);
                }
                if (exit != 0) {
                    throw new IllegalStateException(side.name() + " ExecSync true exited " + exit);
                }
            }
        }
        report.latency("exec", "ExecSync true", t[0].get("ExecSync"), t[1].get("ExecSync"));
        for (int i = 0; i < 2; i++) {
            pair.sides().get(i).cri().stopPodSandbox(pods[i].id());
            pair.sides().get(i).cri().removePodSandbox(pods[i].id());
        }
    }
}
