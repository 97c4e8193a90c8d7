package dev.cortado.cri.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * CNI plugins as small shell scripts in a bin dir: each call appends
 * {@code TYPE COMMAND IFNAME CONTAINERID NETNS ARGS} to {@code calls} and keeps its stdin as
 * {@code TYPE-COMMAND-IFNAME.json}; on ADD it runs the given shell snippet (which prints a result
 * or fails).
 */
final class FakePlugins {
    final Path bin;
    final Path log;

    FakePlugins(Path dir) throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        log = Files.createDirectories(dir.resolve("log"));
        Files.createFile(log.resolve("calls"));
    }

    /** A plugin that prints {@code result} on ADD. */
    FakePlugins returning(String type, String result) throws IOException {
        return withAdd(type, "cat <<'RESULT'\n" + result + "\nRESULT");
    }

    FakePlugins withAdd(String type, String addSnippet) throws IOException {
        String script = "#!/bin/sh\n"
                + "cat > \"" + log + "/" + type + "-$CNI_COMMAND-$CNI_IFNAME.json\"\n"
                + "echo \"" + type
                + " $CNI_COMMAND $CNI_IFNAME $CNI_CONTAINERID netns=$CNI_NETNS $CNI_ARGS path=$CNI_PATH\""
                + " >> \"" + log + "/calls\"\n"
                + "if [ \"$CNI_COMMAND\" = ADD ]; then\n" + addSnippet + "\nfi\n";
        Path file = bin.resolve(type);
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** The calls so far, first words only ({@code TYPE COMMAND IFNAME}). */
    List<String> calls() throws IOException {
        return Files.readAllLines(log.resolve("calls")).stream()
                .map(line -> String.join(" ", List.of(line.split(" ")).subList(0, 3)))
                .toList();
    }

    List<String> fullCalls() throws IOException {
        return Files.readAllLines(log.resolve("calls"));
    }

    String stdin(String type, String command, String ifName) throws IOException {
        return Files.readString(log.resolve(type + "-" + command + "-" + ifName + ".json"));
    }

    void clearCalls() throws IOException {
        Files.writeString(log.resolve("calls"), "");
    }
}
