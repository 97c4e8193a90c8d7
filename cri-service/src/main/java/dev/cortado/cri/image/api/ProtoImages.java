package dev.cortado.cri.image.api;

import dev.cortado.api.cri.v1.FilesystemIdentifier;
import dev.cortado.api.cri.v1.FilesystemUsage;
import dev.cortado.api.cri.v1.Image;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.Int64Value;
import dev.cortado.api.cri.v1.UInt64Value;

/** Domain image records to CRI messages. */
final class ProtoImages {
    private ProtoImages() {}

    /**
     * The CRI image; the config's {@code User} becomes {@code uid} when its user part is numeric,
     * else {@code username}, as containerd's getUserFromImage.
     */
    static Image toProto(dev.cortado.cri.image.Image image) {
        Image.Builder out = Image.newBuilder()
                .setId(image.id())
                .addAllRepoTags(image.repoTags())
                .addAllRepoDigests(image.repoDigests())
                .setSize(image.size())
                .setSpec(ImageSpec.newBuilder().setImage(image.id()))
                .setPinned(image.pinned());
        String user = image.user();
        int colon = user.indexOf(':');
        String name = colon >= 0 ? user.substring(0, colon) : user;
        if (name.matches("[0-9]{1,18}")) {
            out.setUid(Int64Value.newBuilder().setValue(Long.parseLong(name)));
        } else if (!name.isEmpty()) {
            out.setUsername(name);
        }
        return out.build();
    }

    static FilesystemUsage toProto(dev.cortado.cri.image.FilesystemUsage usage) {
        return FilesystemUsage.newBuilder()
                .setTimestamp(usage.timestampNanos())
                .setFsId(FilesystemIdentifier.newBuilder()
                        .setMountpoint(usage.mountpoint().toString()))
                .setUsedBytes(UInt64Value.newBuilder().setValue(usage.usedBytes()))
                .setInodesUsed(UInt64Value.newBuilder().setValue(usage.inodesUsed()))
                .build();
    }
}
