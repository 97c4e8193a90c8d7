package dev.cortado.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link WireFacts} and {@link FactsDiff} on a tiny hand-built descriptor. */
class WireFactsFormatTest {

    /** demo.v1: one service, a message with a map, a oneof, a proto3 optional and a nested enum. */
    private static final FileDescriptorProto DEMO = FileDescriptorProto.newBuilder()
            .setName("demo.proto")
            .setPackage("demo.v1")
            .setSyntax("proto3")
            .addService(ServiceDescriptorProto.newBuilder()
                    .setName("Demo")
                    .addMethod(method("Get", false, false))
                    .addMethod(method("Watch", false, true))
                    .addMethod(method("Chat", true, true)))
            .addMessageType(DescriptorProto.newBuilder()
                    .setName("Item")
                    .addField(field("name", 1, Label.LABEL_OPTIONAL, Type.TYPE_STRING, null))
                    .addField(field("labels", 2, Label.LABEL_REPEATED, Type.TYPE_MESSAGE, ".demo.v1.Item.LabelsEntry"))
                    .addField(field("count", 3, Label.LABEL_OPTIONAL, Type.TYPE_INT64, null)
                            .setOneofIndex(0))
                    .addField(field("size", 4, Label.LABEL_OPTIONAL, Type.TYPE_UINT32, null)
                            .setOneofIndex(1)
                            .setProto3Optional(true))
                    .addField(field("kind", 5, Label.LABEL_OPTIONAL, Type.TYPE_ENUM, ".demo.v1.Item.Kind"))
                    .addOneofDecl(OneofDescriptorProto.newBuilder().setName("amount"))
                    .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_size"))
                    .addNestedType(DescriptorProto.newBuilder()
                            .setName("LabelsEntry")
                            .addField(field("key", 1, Label.LABEL_OPTIONAL, Type.TYPE_STRING, null))
                            .addField(field("value", 2, Label.LABEL_OPTIONAL, Type.TYPE_STRING, null)))
                    .addEnumType(EnumDescriptorProto.newBuilder()
                            .setName("Kind")
                            .addValue(EnumValueDescriptorProto.newBuilder()
                                    .setName("KIND_UNKNOWN")
                                    .setNumber(0))
                            .addValue(EnumValueDescriptorProto.newBuilder()
                                    .setName("KIND_BIG")
                                    .setNumber(-1))))
            .build();

    @Test
    void of_printsFactsLikeWireFactsPy() {
        assertThat(WireFacts.of(DEMO))
                .containsExactly(
                        "enum demo.v1.Item.Kind -1 KIND_BIG",
                        "enum demo.v1.Item.Kind 0 KIND_UNKNOWN",
                        "field demo.v1.Item 1 name optional string",
                        "field demo.v1.Item 2 labels repeated demo.v1.Item.LabelsEntry",
                        "field demo.v1.Item 3 count optional int64 oneof=amount",
                        "field demo.v1.Item 4 size optional uint32",
                        "field demo.v1.Item 5 kind optional demo.v1.Item.Kind",
                        "field demo.v1.Item.LabelsEntry 1 key optional string",
                        "field demo.v1.Item.LabelsEntry 2 value optional string",
                        "rpc demo.v1.Demo/Chat demo.v1.Item stream -> stream demo.v1.Item",
                        "rpc demo.v1.Demo/Get demo.v1.Item -> demo.v1.Item",
                        "rpc demo.v1.Demo/Watch demo.v1.Item -> stream demo.v1.Item");
    }

    @Test
    void of_withPrefixes_skipsOtherPackages() {
        FileDescriptorProto other =
                DEMO.toBuilder().setName("other.proto").setPackage("other").build();

        assertThat(WireFacts.of(List.of(DEMO, other), List.of("demo."))).allMatch(f -> f.contains(" demo.v1."));
        assertThat(WireFacts.of(List.of(DEMO, other), List.of()))
                .hasSize(2 * WireFacts.of(DEMO).size());
    }

    @Test
    void packageOf_picksLongestPackage_notAMerePrefix() {
        List<String> packages = List.of("containerd.types", "containerd.v1.types", "ttrpc");

        assertThat(WireFacts.packageOf("field containerd.v1.types.Process 1 id optional string", packages))
                .contains("containerd.v1.types");
        assertThat(WireFacts.packageOf("field containerd.types.Mount 1 type optional string", packages))
                .contains("containerd.types");
        assertThat(WireFacts.packageOf("rpc ttrpcx.S/M a -> b", packages)).isEmpty();
    }

    @Test
    void factsDiff_namesMissingAndExtraFacts() {
        FactsDiff diff = FactsDiff.between(Set.of("a", "b"), Set.of("b", "c"));

        assertThat(diff.isEmpty()).isFalse();
        assertThat(diff.describe()).isEqualTo("missing in ours: a\nextra in ours: c\n");
        assertThat(FactsDiff.between(Set.of("a"), Set.of("a")).isEmpty()).isTrue();
    }

    private static MethodDescriptorProto.Builder method(String name, boolean clientStreaming, boolean serverStreaming) {
        return MethodDescriptorProto.newBuilder()
                .setName(name)
                .setInputType(".demo.v1.Item")
                .setOutputType(".demo.v1.Item")
                .setClientStreaming(clientStreaming)
                .setServerStreaming(serverStreaming);
    }

    private static FieldDescriptorProto.Builder field(
            String name, int number, Label label, Type type, String typeName) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setLabel(label)
                .setType(type);
        return typeName == null ? field : field.setTypeName(typeName);
    }
}
