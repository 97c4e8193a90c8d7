package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.Int64Value;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.SupplementalGroupsPolicy;
import dev.cortado.errors.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserResolverTest {
    private static final MapRootfs IMAGE = new MapRootfs(Map.of(
            "/etc/passwd",
            "# users\nroot:x:0:0:root:/root:/bin/sh\n\nnobody:x:65534:65534::/:/bin/false\n"
                    + "app:x:1001:1002::/app:/bin/sh\nbroken:x:abc:1::/:/bin/sh\nhuge:x:4294967296:1::/:/bin/sh\n",
            "/etc/group",
            "root:x:0:\nwheel:x:10:root,app\napp:x:1002:app\ndocker:x:999:app\nstaff:x:50:\n"));

    private static LinuxContainerSecurityContext.Builder sc() {
        return LinuxContainerSecurityContext.newBuilder();
    }

    private static Int64Value id(long v) {
        return Int64Value.newBuilder().setValue(v).build();
    }

    private static OciSpec.User resolve(LinuxContainerSecurityContext.Builder sc, String imageUser) {
        return UserResolver.resolve(sc.build(), imageUser, IMAGE);
    }

    @Test
    void critestPredefinedGroup_uidFromPasswdGroupFromGroupFile() {
        OciSpec.User u = UserResolver.resolve(
                sc().setRunAsUser(id(1000)).addSupplementalGroups(1234).build(), "", MapRootfs.PREDEFINED_GROUP);
        // critest expects `id -G` to print exactly "1000 1234 50000"
        assertThat(u).isEqualTo(new OciSpec.User(1000, 1000, java.util.List.of(1000L, 1234L, 50000L)));
    }

    @Test
    void nothingAsked_isRootWithRootsGroups() {
        assertThat(resolve(sc(), "")).isEqualTo(new OciSpec.User(0, 0, java.util.List.of(0L, 10L)));
    }

    @Test
    void uidMissingFromPasswd_runsWithGidZero() {
        assertThat(resolve(sc().setRunAsUser(id(4242)), ""))
                .isEqualTo(new OciSpec.User(4242, 0, java.util.List.of(0L)));
    }

    @Test
    void uidAndGroup_areTakenAsGiven() {
        assertThat(resolve(sc().setRunAsUser(id(1001)).setRunAsGroup(id(1002)), ""))
                .isEqualTo(new OciSpec.User(1001, 1002, java.util.List.of(10L, 999L, 1002L)));
    }

    @Test
    void usernameWinsOverUid() {
        assertThat(resolve(sc().setRunAsUsername("nobody").setRunAsUser(id(7)), "")
                        .uid())
                .isEqualTo(65534);
    }

    @Test
    void imageUserForms_nameUidAndNameGroup() {
        assertThat(resolve(sc(), "app").gid()).isEqualTo(1002);
        assertThat(resolve(sc(), "1001")).isEqualTo(new OciSpec.User(1001, 1002, java.util.List.of(10L, 999L, 1002L)));
        assertThat(resolve(sc(), "app:staff").gid()).isEqualTo(50);
        assertThat(resolve(sc(), "5:6")).isEqualTo(new OciSpec.User(5, 6, java.util.List.of(6L)));
    }

    @Test
    void criUserOverridesImageUser() {
        assertThat(resolve(sc().setRunAsUser(id(0)), "app").uid()).isZero();
    }

    @Test
    void strictPolicy_addsNoImageGroups() {
        OciSpec.User u = resolve(
                sc().setRunAsUsername("app")
                        .addSupplementalGroups(3000)
                        .setSupplementalGroupsPolicy(SupplementalGroupsPolicy.Strict),
                "");
        assertThat(u).isEqualTo(new OciSpec.User(1001, 1002, java.util.List.of(1002L, 3000L)));
    }

    @Test
    void strictWithoutUser_hasOnlyTheSupplementalGroups() {
        assertThat(resolve(
                                sc().addSupplementalGroups(5)
                                        .setSupplementalGroupsPolicy(SupplementalGroupsPolicy.Strict),
                                "")
                        .additionalGids())
                .containsExactly(5L);
    }

    @Test
    void groupWithoutUser_isInvalid() {
        assertRefused(
                () -> resolve(sc().setRunAsGroup(id(1002)), ""),
                ErrorKind.INVALID_ARGUMENT,
                "run_as_group 1002 is specified without run_as_user");
    }

    @Test
    void unknownNamesAndGroups_areInvalid() {
        assertRefused(
                () -> resolve(sc().setRunAsUsername("ghost"), ""),
                ErrorKind.INVALID_ARGUMENT,
                "user \"ghost\" is not in the image's /etc/passwd");
        assertRefused(() -> resolve(sc(), "app:ghosts"), ErrorKind.INVALID_ARGUMENT, "group \"ghosts\"");
        assertRefused(
                () -> UserResolver.resolve(sc().setRunAsUsername("app").build(), "", RootfsFiles.NONE),
                ErrorKind.INVALID_ARGUMENT,
                "(the image has none)");
    }

    @Test
    void malformedUserStrings_areInvalid() {
        for (String bad : new String[] {"a:b:c", ":5", "5:", "-1", "99999999999"}) {
            assertRefused(() -> resolve(sc(), bad), ErrorKind.INVALID_ARGUMENT, "");
        }
    }

    @Test
    void malformedPasswdEntry_failsClosedNeverRoot() {
        assertRefused(
                () -> resolve(sc().setRunAsUsername("broken"), ""), ErrorKind.INVALID_ARGUMENT, "invalid uid or gid");
        assertRefused(() -> resolve(sc().setRunAsUsername("huge"), ""), ErrorKind.INVALID_ARGUMENT, "invalid uid");
    }

    @Test
    void idsOutOfRange_areInvalid() {
        assertRefused(() -> resolve(sc().setRunAsUser(id(-1)), ""), ErrorKind.INVALID_ARGUMENT, "run_as_user -1");
        assertRefused(() -> resolve(sc().setRunAsUser(id(1L << 31)), ""), ErrorKind.INVALID_ARGUMENT, "run_as_user");
        assertRefused(
                () -> resolve(sc().addSupplementalGroups(-5), ""), ErrorKind.INVALID_ARGUMENT, "supplemental group -5");
    }

    @Test
    void oversizedPasswd_isRefused() {
        RootfsFiles big = (path, max) -> {
            throw dev.cortado.errors.CortadoException.invalidArgument("image %s is larger than %d bytes", path, max);
        };
        assertRefused(() -> UserResolver.resolve(sc().build(), "", big), ErrorKind.INVALID_ARGUMENT, "larger than");
    }
}
