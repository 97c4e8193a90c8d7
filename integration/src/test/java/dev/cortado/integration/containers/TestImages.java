package dev.cortado.integration.containers;

import java.io.IOException;

/**
 * The images of the suite, pushed to the registry: {@code busybox} (cmd {@code sh}), the
 * {@code probe} (a script at /probe that prints what the container sees, an image env, working
 * dir /work, a user and groups in /etc/passwd and /etc/group) and {@code spare}, a busybox of
 * its own id for the RemoveImage case (containerd removes every tag of an image id).
 *
 * @param busybox the busybox reference, {@code 127.0.0.1:PORT/ctr-it/busybox:1}
 * @param busyboxRepoDigest the busybox reference by its manifest's digest, {@code 127.0.0.1:PORT/ctr-it/busybox@sha256:...}
 * @param probe the probe's reference
 * @param spare the spare busybox's reference
 */
record TestImages(String busybox, String busyboxRepoDigest, String probe, String spare) {
    /** The probe image's user: in /etc/passwd as {@code probe}, primary group 2345, member of 4567. */
    static final int PROBE_UID = 1234;

    static final int PROBE_GID = 2345;
    static final int PROBE_EXTRA_GID = 4567;

    static TestImages push(ImageRegistry registry) throws IOException, InterruptedException {
        OciImage busyboxImage = new OciImage.Builder().build();
        String busybox = registry.push("ctr-it/busybox", "1", busyboxImage);
        String busyboxRepoDigest = registry.authority() + "/ctr-it/busybox@" + OciImage.digest(busyboxImage.manifest());
        String probe = registry.push(
                "ctr-it/probe",
                "1",
                new OciImage.Builder()
                        .env("PATH=/bin", "FROM_IMAGE=image", "OVERRIDDEN=image")
                        .workingDir("/work")
                        .cmd("sh", "/probe")
                        .file("probe", Probe.SCRIPT)
                        .file(
                                "etc/passwd",
                                "root:x:0:0:root:/root:/bin/sh\nprobe:x:%d:%d:probe:/work:/bin/sh\n"
                                        .formatted(PROBE_UID, PROBE_GID))
                        .file(
                                "etc/group",
                                "root:x:0:\nprobe:x:%d:\nextra:x:%d:probe\n".formatted(PROBE_GID, PROBE_EXTRA_GID))
                        .build());
        String spare = registry.push(
                "ctr-it/spare",
                "1",
                new OciImage.Builder().label("ctr-it", "spare").build());
        return new TestImages(busybox, busyboxRepoDigest, probe, spare);
    }
}
