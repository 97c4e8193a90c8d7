package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.MountPropagation;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountsBuilderTest {
    private final FakeHost host = new FakeHost();
    private final List<OciSpec.Mount> defaults = DefaultMounts.of(true, false, false);

    private static Mount.Builder mount(String dst, String src) {
        return Mount.newBuilder().setContainerPath(dst).setHostPath(src);
    }

    private List<OciSpec.Mount> build(boolean rro, List<Mount> cri, List<Mount> extra) {
        return new MountsBuilder(host, rro).build(defaults, cri, extra);
    }

    private OciSpec.Mount one(Mount.Builder m) {
        List<OciSpec.Mount> out = build(true, List.of(m.build()), List.of());
        return out.get(out.size() - 1);
    }

    @Test
    void parentsBeforeChildren_stableWithinADepth() {
        List<OciSpec.Mount> out = build(
                false,
                List.of(
                        mount("/a/b/c", "/h/3").build(),
                        mount("/z", "/h/1").build(),
                        mount("/a", "/h/2").build()),
                List.of());
        assertThat(out.subList(defaults.size(), out.size()))
                .extracting(OciSpec.Mount::destination)
                .containsExactly("/z", "/a", "/a/b/c");
    }

    @Test
    void kubeletMountWins_overTheExtraAtTheSamePath() {
        List<OciSpec.Mount> out = build(
                false,
                List.of(mount("/etc/hosts/", "/kubelet/hosts").build()),
                List.of(mount("/etc/hosts", "/pod/hosts").build()));
        assertThat(out)
                .extracting(OciSpec.Mount::source)
                .contains("/kubelet/hosts")
                .doesNotContain("/pod/hosts");
    }

    @Test
    void suppliedPath_replacesTheDefaultMount_andSuppliedDevReplacesAllOfDev() {
        List<OciSpec.Mount> out =
                build(false, List.of(mount("/dev/shm", "/pod/shm").build()), List.of());
        assertThat(out)
                .filteredOn(m -> m.destination().equals("/dev/shm"))
                .singleElement()
                .extracting(OciSpec.Mount::type)
                .isEqualTo("bind");
        out = build(false, List.of(mount("/dev", "/dev").build()), List.of());
        assertThat(out)
                .extracting(OciSpec.Mount::destination)
                .doesNotContain("/dev/pts", "/dev/mqueue", "/dev/shm")
                .contains("/dev", "/proc", "/sys/fs/cgroup");
    }

    @Test
    void readOnlyAndPrivateByDefault_symlinkResolvedByTheHost() {
        host.symlinks.put("/tmp/vol-symlink", "/tmp/vol");
        OciSpec.Mount m = one(
                mount("/tmp/vol-symlink", "/tmp/vol-symlink").setReadonly(true).setSelinuxRelabel(true));
        assertThat(m)
                .isEqualTo(
                        new OciSpec.Mount("/tmp/vol-symlink", "bind", "/tmp/vol", List.of("rbind", "rprivate", "ro")));
    }

    @Test
    void bidirectional_needsASharedSource_andMakesTheRootfsShared() {
        assertRefused(
                () -> one(mount("/m", "/h").setPropagation(MountPropagation.PROPAGATION_BIDIRECTIONAL)),
                ErrorKind.FAILED_PRECONDITION,
                "not shared");
        host.propagations.put("/h", HostFacts.Propagation.SHARED);
        MountsBuilder b = new MountsBuilder(host, false);
        List<OciSpec.Mount> out = b.build(
                defaults,
                List.of(
                        mount("/m", "/h")
                                .setPropagation(MountPropagation.PROPAGATION_BIDIRECTIONAL)
                                .build(),
                        mount("/n", "/h")
                                .setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER)
                                .build()),
                List.of());
        assertThat(out.get(out.size() - 2).options()).containsExactly("rbind", "rshared", "rw");
        assertThat(out.get(out.size() - 1).options()).containsExactly("rbind", "rslave", "rw");
        assertThat(b.rootfsPropagation()).isEqualTo("rshared");
    }

    @Test
    void hostToContainer_needsSharedOrSlave_andMakesTheRootfsSlave() {
        assertRefused(
                () -> one(mount("/m", "/h").setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER)),
                ErrorKind.FAILED_PRECONDITION,
                "neither shared nor slave");
        host.propagations.put("/h", HostFacts.Propagation.SLAVE);
        MountsBuilder b = new MountsBuilder(host, false);
        b.build(
                defaults,
                List.of(mount("/m", "/h")
                        .setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER)
                        .build()),
                List.of());
        assertThat(b.rootfsPropagation()).isEqualTo("rslave");
    }

    @Test
    void recursiveReadOnly_rules() {
        assertThat(one(mount("/m", "/h").setReadonly(true).setRecursiveReadOnly(true))
                        .options())
                .containsExactly("rbind", "rprivate", "rro");
        assertRefused(
                () -> one(mount("/m", "/h").setRecursiveReadOnly(true)),
                ErrorKind.INVALID_ARGUMENT,
                "recursive read-only mount conflicts with RW mount");
        host.propagations.put("/h", HostFacts.Propagation.SHARED);
        assertRefused(
                () -> one(mount("/m", "/h")
                        .setReadonly(true)
                        .setRecursiveReadOnly(true)
                        .setPropagation(MountPropagation.PROPAGATION_BIDIRECTIONAL)),
                ErrorKind.INVALID_ARGUMENT,
                "recursive read-only mount needs private propagation");
        assertRefused(
                () -> build(
                        false,
                        List.of(mount("/m", "/h")
                                .setReadonly(true)
                                .setRecursiveReadOnly(true)
                                .build()),
                        List.of()),
                ErrorKind.INVALID_ARGUMENT,
                "RROUnsupported:");
    }

    @Test
    void unsupportedKinds_areRefusedClearly() {
        assertRefused(
                () -> one(mount("/img", "")
                        .setReadonly(true)
                        .setImage(ImageSpec.newBuilder().setImage("sha256:abc"))),
                ErrorKind.UNIMPLEMENTED,
                "image volume");
        assertRefused(
                () -> one(mount("/m", "/h")
                        .addUidMappings(
                                dev.cortado.api.cri.v1.IDMapping.newBuilder().setLength(1))),
                ErrorKind.UNIMPLEMENTED,
                "idmapped");
        assertRefused(
                () -> one(mount("/m", "/h").addMountOptions("noatime")), ErrorKind.UNIMPLEMENTED, "mount options");
    }

    @Test
    void badPaths_areInvalid() {
        assertRefused(() -> one(mount("relative", "/h")), ErrorKind.INVALID_ARGUMENT, "must be absolute");
        assertRefused(() -> one(mount("/m", "")), ErrorKind.INVALID_ARGUMENT, "no host_path");
        assertThat(host.mountSources).isEmpty();
    }

    @Test
    void privilegedDefaults_haveWritableSysAndCgroup() {
        assertThat(DefaultMounts.of(true, false, true))
                .filteredOn(m -> m.destination().startsWith("/sys"))
                .allSatisfy(m -> assertThat(m.options()).contains("rw").doesNotContain("ro"));
        assertThat(DefaultMounts.of(false, true, false))
                .filteredOn(m -> m.destination().equals("/sys/fs/cgroup"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.type()).isEqualTo("cgroup");
                    assertThat(m.options()).contains("rw");
                });
    }
}
