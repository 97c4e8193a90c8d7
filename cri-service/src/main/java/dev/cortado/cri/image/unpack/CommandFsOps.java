package dev.cortado.cri.image.unpack;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@link FsOps} through {@code mknod(1)} and {@code setfattr(1)} (Debian's coreutils and attr),
 * with {@code user.} xattrs set by the JDK; a JNA implementation belongs in a {@code .linux}
 * package and can replace it without touching the unpacker.
 */
public final class CommandFsOps implements FsOps {
    @Override
    public void mknod(Path path, char type, int major, int minor) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("mknod", "--", path.toString(), String.valueOf(type)));
        if (type != 'p') {
            cmd.add(String.valueOf(major));
            cmd.add(String.valueOf(minor));
        }
        run(cmd, "mknod " + path);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        if (name.startsWith("user.")) {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.write(name.substring(5), ByteBuffer.wrap(value));
            return;
        }
        // -h: never dereference; the value is hex so that binary capabilities survive the command line
        run(List.of("setfattr", "-h", "-n", name, "-v", "0x" + HexFormat.of().formatHex(value), "--", path.toString()),
                "setfattr " + name + " on " + path);
    }

    private static void run(List<String> cmd, String what) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw CortadoException.unimplemented("%s needs the %s command (install it or use a native FsOps)", what, cmd.get(0));
        }
        try (var out = process.getInputStream()) {
            String output = new String(out.readNBytes(4096)).trim();
            if (process.waitFor() != 0) {
                throw new IOException(what + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(what + " interrupted", e);
        }
    }
}
