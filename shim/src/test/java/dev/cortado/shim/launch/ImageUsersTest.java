package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.launch.ImageUsers.Policy;
import dev.cortado.shim.spec.ProcessSpec.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expected groups follow containerd's TestAdditionalGids table (reliability.md A18). */
class ImageUsersTest {
    @TempDir
    Path root;

    private ImageUsers users;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(
                root.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\n" + "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:root\nwheel:x:10:root\ndaemon:x:1:\n");
        users = new ImageUsers(root);
    }

    @Test
    void resolve_noUser_isRootWithItsImageGroups() {
        assertThat(users.resolve("", List.of(), Policy.MERGE)).isEqualTo(new User(0, 0, List.of(0L, 10L)));
    }

    @Test
    void resolve_unknownNumericUser_getsGidZero() {
        assertThat(users.resolve("1234", List.of(), Policy.MERGE)).isEqualTo(new User(1234, 0, List.of(0L)));
    }

    @Test
    void resolve_uidAndGid_usesOnlyThatGroup() {
        assertThat(users.resolve("1234:1234", List.of(), Policy.MERGE)).isEqualTo(new User(1234, 1234, List.of(1234L)));
    }

    @Test
    void resolve_namedUserWithSupplementalGroup_keepsPrimaryFirst() {
        assertThat(users.resolve("daemon", List.of(1234L), Policy.MERGE)).isEqualTo(new User(1, 1, List.of(1L, 1234L)));
    }

    @Test
    void resolve_strictPolicy_dropsImageGroups() {
        assertThat(users.resolve("root", List.of(), Policy.STRICT)).isEqualTo(new User(0, 0, List.of(0L)));
    }

    @Test
    void resolve_uidAboveInt32_isRefused() {
        assertThatThrownBy(() -> users.resolve("4294967296", List.of(), Policy.MERGE))
                .isInstanceOf(CortadoException.class);
        assertThatThrownBy(() -> users.resolve("2147483648:0", List.of(), Policy.MERGE))
                .isInstanceOf(CortadoException.class);
    }

    @Test
    void resolve_unknownName_isRefused() {
        assertThatThrownBy(() -> users.resolve("nobody", List.of(), Policy.MERGE))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void resolve_groupFileThatIsASymlink_isRefused() throws Exception {
        Files.delete(root.resolve("etc/group"));
        Files.createSymbolicLink(root.resolve("etc/group"), Path.of("/etc/group"));

        assertThatThrownBy(() -> users.resolve("root", List.of(), Policy.MERGE))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void resolve_hugeGroupFile_isRefused() throws Exception {
        Files.write(root.resolve("etc/group"), new byte[(int) ImageUsers.MAX_FILE + 1]);

        assertThatThrownBy(() -> users.resolve("root", List.of(), Policy.MERGE))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("10 MiB");
    }
}
