package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.CDIDevice;
import dev.cortado.api.cri.v1.Device;
import dev.cortado.api.cri.v1.Int64Value;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.cri.spec.OciLinux.DeviceRule;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesBuilderTest {
    private final FakeHost host =
            new FakeHost().device("/dev/fuse", "c", 10, 229).device("/dev/sda", "b", 8, 0);

    private DevicesBuilder.Result build(dev.cortado.api.cri.v1.ContainerConfig.Builder c, RuntimeOptions options) {
        return new DevicesBuilder(host, options).build(c.build());
    }

    private static Device.Builder device(String host, String container, String perms) {
        return Device.newBuilder().setHostPath(host).setContainerPath(container).setPermissions(perms);
    }

    @Test
    void noDevices_denyAll() {
        DevicesBuilder.Result r = build(Requests.container(), RuntimeOptions.defaults());
        assertThat(r.devices()).isEmpty();
        assertThat(r.rules()).containsExactly(DeviceRule.DENY_ALL);
    }

    @Test
    void criDevice_getsANodeAndAnAllowRule_symlinkResolved() {
        host.symlinks.put("/dev/disk/by-id/x", "/dev/sda");
        DevicesBuilder.Result r = build(
                Requests.container().addDevices(device("/dev/disk/by-id/x", "/dev/xvda", "r")),
                RuntimeOptions.defaults());
        assertThat(r.devices()).containsExactly(new OciLinux.Device("/dev/xvda", "b", 8, 0, 0666, 0L, 0L));
        assertThat(r.rules()).containsExactly(DeviceRule.DENY_ALL, new DeviceRule(true, "b", 8L, 0L, "r"));
    }

    @Test
    void ownershipFromSecurityContext_whenTheRuntimeSaysSo() {
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder()
                        .setRunAsUser(Int64Value.newBuilder().setValue(1000))
                        .setRunAsGroup(Int64Value.newBuilder().setValue(2000)))
                .addDevices(device("/dev/fuse", "/dev/fuse", "rwm"));
        assertThat(build(c, RuntimeOptions.defaults()).devices().get(0).uid()).isZero();
        OciLinux.Device d = build(
                        c,
                        RuntimeOptions.builder()
                                .deviceOwnershipFromSecurityContext(true)
                                .build())
                .devices()
                .get(0);
        assertThat(List.of(d.uid(), d.gid())).containsExactly(1000L, 2000L);
    }

    @Test
    void badDevices_areInvalid() {
        assertRefused(
                () -> build(
                        Requests.container().addDevices(device("/dev/nope", "/dev/nope", "rw")),
                        RuntimeOptions.defaults()),
                ErrorKind.INVALID_ARGUMENT,
                "/dev/nope does not exist");
        assertRefused(
                () -> build(
                        Requests.container().addDevices(device("/dev/fuse", "/dev/fuse", "rwx")),
                        RuntimeOptions.defaults()),
                ErrorKind.INVALID_ARGUMENT,
                "permissions \"rwx\"");
        assertRefused(
                () -> build(
                        Requests.container().addDevices(device("/dev/fuse", "/etc/fuse", "rw")),
                        RuntimeOptions.defaults()),
                ErrorKind.INVALID_ARGUMENT,
                "must be under /dev");
    }

    @Test
    void privileged_getsEveryHostDeviceAndAllowAll_unlessTheHandlerSaysNo() {
        var c = Requests.container(LinuxContainerSecurityContext.newBuilder().setPrivileged(true))
                .addDevices(device("/dev/fuse", "/dev/fuse", "rw"));
        DevicesBuilder.Result r = build(c, RuntimeOptions.defaults());
        assertThat(r.devices()).extracting(OciLinux.Device::path).containsExactly("/dev/fuse", "/dev/sda");
        assertThat(r.rules()).containsExactly(DeviceRule.ALLOW_ALL);
        r = build(c, RuntimeOptions.builder().privilegedWithoutHostDevices(true).build());
        assertThat(r.devices()).extracting(OciLinux.Device::path).containsExactly("/dev/fuse");
        assertThat(r.rules()).hasSize(2).startsWith(DeviceRule.DENY_ALL);
    }

    @Test
    void cdiDevices_areReportedUnsupported_sayingWhy() {
        var c = Requests.container().addCDIDevices(CDIDevice.newBuilder().setName("vendor.com/gpu=0"));
        assertRefused(
                () -> build(c, RuntimeOptions.defaults()),
                ErrorKind.UNIMPLEMENTED,
                "no CDI spec directory (/etc/cdi, /var/run/cdi)");
        host.cdiDirs = true;
        assertRefused(() -> build(c, RuntimeOptions.defaults()), ErrorKind.UNIMPLEMENTED, "does not inject CDI");
    }
}
