package dev.cortado.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import com.google.rpc.Status;
import dev.cortado.api.ttrpc.KeyValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types of the API: methods from gRPC descriptors, metadata, error conversion. */
class TtrpcApiTest {
    private static final MethodDescriptor<StringValue, StringValue> GRPC_CREATE =
            MethodDescriptor.<StringValue, StringValue>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("containerd.task.v3.Task/Create")
                    .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .build();

    @Test
    void methodFromGrpcDescriptor_takesServiceNameTypeAndCodecs() {
        TtrpcMethod<StringValue, StringValue> method = TtrpcMethod.of(GRPC_CREATE);
        assertThat(method.service()).isEqualTo("containerd.task.v3.Task");
        assertThat(method.name()).isEqualTo("Create");
        assertThat(method.type()).isEqualTo(MethodType.UNARY);
        byte[] bytes = method.requestCodec().encode(StringValue.of("c1"));
        assertThat(bytes).isEqualTo(StringValue.of("c1").toByteArray());
        assertThat(method.responseCodec().decode(bytes)).isEqualTo(StringValue.of("c1"));
    }

    @Test
    void withService_servesTheSameMessagesUnderAnotherName() {
        TtrpcMethod<StringValue, StringValue> v2 = TtrpcMethod.of(GRPC_CREATE).withService("containerd.task.v2.Task");
        assertThat(v2.fullName()).isEqualTo("/containerd.task.v2.Task/Create");
    }

    @Test
    void codec_malformedPayload_isInvalidArgument() {
        assertThatThrownBy(() -> MessageCodec.protobuf(StringValue.parser()).decode(new byte[] {(byte) 0xff}))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> TtrpcMethod.of(GRPC_CREATE).requestCodec().decode(new byte[] {(byte) 0xff}))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void service_rejectsAMethodOfAnotherServiceOrShape() {
        TtrpcMethod<StringValue, StringValue> create = TtrpcMethod.of(GRPC_CREATE);
        assertThatThrownBy(() -> TtrpcService.builder("containerd.task.v2.Task").unary(create, (c, r) -> r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withService");
        assertThatThrownBy(
                        () -> TtrpcService.builder("containerd.task.v3.Task").serverStreaming(create, (c, r, o) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is UNARY");
        assertThatThrownBy(() -> TtrpcService.builder("containerd.task.v3.Task")
                        .unary(create, (c, r) -> r)
                        .unary(create, (c, r) -> r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void metadata_repeatedKeysKeepEveryValueAndRoundTripTheWire() {
        List<KeyValue> wire = List.of(kv("a", "1"), kv("b", "2"), kv("a", "3"));
        Metadata metadata = Metadata.fromWire(wire);
        assertThat(metadata.getAll("a")).containsExactly("1", "3");
        assertThat(metadata.get("a")).contains("1");
        assertThat(metadata.get("absent")).isEmpty();
        assertThat(metadata.toWire()).containsExactly(kv("a", "1"), kv("a", "3"), kv("b", "2"));
    }

    @Test
    void errors_kindAndMessageBecomeTheStatusAndBack() {
        Status status = TtrpcErrors.toStatus(CortadoException.notFound("container %s not found", "c1"));
        assertThat(status)
                .isEqualTo(Status.newBuilder()
                        .setCode(5)
                        .setMessage("container c1 not found")
                        .build());
        CortadoException back = TtrpcErrors.toException(status);
        assertThat(back.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(back.getMessage()).isEqualTo("container c1 not found");
    }

    @Test
    void errors_foreignExceptionIsInternal_unknownCodeIsUnknown() {
        assertThat(TtrpcErrors.toStatus(new IllegalStateException("boom")).getCode())
                .isEqualTo(13);
        assertThat(TtrpcErrors.toException(Status.newBuilder().setCode(99).build())
                        .kind())
                .isEqualTo(ErrorKind.UNKNOWN);
        assertThatThrownBy(() -> TtrpcErrors.toException(Status.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
