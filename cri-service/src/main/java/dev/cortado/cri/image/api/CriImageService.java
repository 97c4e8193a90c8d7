package dev.cortado.cri.image.api;

import dev.cortado.api.cri.v1.AuthConfig;
import dev.cortado.api.cri.v1.ImageFsInfoRequest;
import dev.cortado.api.cri.v1.ImageFsInfoResponse;
import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ImageStatusRequest;
import dev.cortado.api.cri.v1.ImageStatusResponse;
import dev.cortado.api.cri.v1.ListImagesRequest;
import dev.cortado.api.cri.v1.ListImagesResponse;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.api.cri.v1.PullImageResponse;
import dev.cortado.api.cri.v1.RemoveImageRequest;
import dev.cortado.api.cri.v1.RemoveImageResponse;
import dev.cortado.api.cri.v1.StreamImagesRequest;
import dev.cortado.api.cri.v1.StreamImagesResponse;
import dev.cortado.cri.image.Image;
import dev.cortado.cri.image.ImageService;
import dev.cortado.cri.image.PullRequest;
import dev.cortado.cri.image.registry.Credentials;
import dev.cortado.errors.CortadoException;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CRI {@code runtime.v1.ImageService} over the domain {@link ImageService}. */
public final class CriImageService extends ImageServiceGrpc.ImageServiceImplBase {
    private static final int STREAM_BATCH = 100;
    private final ImageService images;

    /** An adapter over {@code images}. */
    public CriImageService(ImageService images) {
        this.images = images;
    }

    @Override
    public void pullImage(PullImageRequest request, StreamObserver<PullImageResponse> response) {
        String image = requireImage(request.getImage().getImage());
        Image pulled = images.pull(
                new PullRequest(image, credentials(request.hasAuth() ? request.getAuth() : null), deadline()));
        respond(
                response,
                PullImageResponse.newBuilder().setImageRef(pulled.id()).build());
    }

    @Override
    public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> response) {
        // CRI: a missing image is an empty image field, not NOT_FOUND
        ImageStatusResponse.Builder out = ImageStatusResponse.newBuilder();
        images.status(requireImage(request.getImage().getImage())).ifPresent(image -> {
            out.setImage(ProtoImages.toProto(image));
            if (request.getVerbose()) {
                out.putInfo("info", "{\"imageSpec\":" + images.configJson(image) + "}");
            }
        });
        respond(response, out.build());
    }

    @Override
    public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> response) {
        List<Image> list = images.list(request.getFilter().getImage().getImage());
        respond(
                response,
                ListImagesResponse.newBuilder()
                        .addAllImages(list.stream().map(ProtoImages::toProto).toList())
                        .build());
    }

    @Override
    public void streamImages(StreamImagesRequest request, StreamObserver<StreamImagesResponse> response) {
        List<Image> list = images.list(request.getFilter().getImage().getImage());
        for (int i = 0; i < list.size(); i += STREAM_BATCH) {
            response.onNext(StreamImagesResponse.newBuilder()
                    .addAllImages(list.subList(i, Math.min(list.size(), i + STREAM_BATCH)).stream()
                            .map(ProtoImages::toProto)
                            .toList())
                    .build());
        }
        response.onCompleted();
    }

    @Override
    public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> response) {
        images.remove(requireImage(request.getImage().getImage()));
        respond(response, RemoveImageResponse.getDefaultInstance());
    }

    @Override
    public void imageFsInfo(ImageFsInfoRequest request, StreamObserver<ImageFsInfoResponse> response) {
        respond(
                response,
                ImageFsInfoResponse.newBuilder()
                        .addImageFilesystems(ProtoImages.toProto(images.imageFsUsage()))
                        .addContainerFilesystems(ProtoImages.toProto(images.containerFsUsage()))
                        .build());
    }

    private static Credentials credentials(AuthConfig auth) {
        if (auth == null) {
            return Credentials.NONE;
        }
        return Credentials.fromCri(
                auth.getUsername(),
                auth.getPassword(),
                auth.getAuth(),
                auth.getServerAddress(),
                auth.getIdentityToken(),
                auth.getRegistryToken());
    }

    private static Instant deadline() {
        Deadline deadline = Context.current().getDeadline();
        return deadline == null ? null : Instant.now().plusMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS));
    }

    private static String requireImage(String image) {
        if (image == null || image.isBlank()) {
            throw CortadoException.invalidArgument("image spec must name an image");
        }
        return image;
    }

    private static <T> void respond(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }
}
