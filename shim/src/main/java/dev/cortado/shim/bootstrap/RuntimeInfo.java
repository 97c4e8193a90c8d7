package dev.cortado.shim.bootstrap;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What {@code -info} prints: containerd's {@code RuntimeInfo} protobuf {1 name, 2 version
 * RuntimeVersion{1 version, 2 revision}} (features and options are left empty for now).
 */
final class RuntimeInfo {
    private RuntimeInfo() {
    }

    static byte[] encode(String name, String version) {
        try {
            ByteArrayOutputStream v = new ByteArrayOutputStream();
            CodedOutputStream cv = CodedOutputStream.newInstance(v);
            cv.writeString(1, version);
            cv.writeString(2, "cortado");
            cv.flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeString(1, name);
            c.writeBytes(2, ByteString.copyFrom(v.toByteArray()));
            c.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
