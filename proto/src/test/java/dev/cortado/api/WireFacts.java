package dev.cortado.api;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Computes the wire facts of descriptors, line for line as {@code shared/tools/wire_facts.py}
 * prints them (format in {@code shared/wire/README.md}).
 *
 * <p>A fact is what two peers must agree on: rpc names with their message types and streaming,
 * field numbers, names, labels and types, and enum values. Comments and options are left out.
 */
final class WireFacts {

    private WireFacts() {}

    /** The facts of every file whose package starts with one of the prefixes (all if none). */
    static SortedSet<String> of(Iterable<FileDescriptorProto> files, List<String> prefixes) {
        SortedSet<String> facts = new TreeSet<>();
        for (FileDescriptorProto file : files) {
            if (prefixes.isEmpty() || prefixes.stream().anyMatch(file.getPackage()::startsWith)) {
                facts.addAll(of(file));
            }
        }
        return facts;
    }

    /** The facts one file declares. */
    static SortedSet<String> of(FileDescriptorProto file) {
        String pkg = file.getPackage();
        SortedSet<String> facts = new TreeSet<>();
        for (ServiceDescriptorProto service : file.getServiceList()) {
            for (MethodDescriptorProto method : service.getMethodList()) {
                facts.add(rpc(pkg + "." + service.getName(), method));
            }
        }
        for (DescriptorProto message : file.getMessageTypeList()) {
            addMessage(pkg + "." + message.getName(), message, facts);
        }
        for (EnumDescriptorProto e : file.getEnumTypeList()) {
            addEnum(pkg + "." + e.getName(), e, facts);
        }
        return facts;
    }

    /**
     * The upstream package a fact belongs to: the longest of {@code packages} that prefixes the
     * fact's qualified name (so {@code containerd.types.Mount} is not taken for
     * {@code containerd.v1.types}).
     */
    static Optional<String> packageOf(String fact, Collection<String> packages) {
        String name = fact.split(" ")[1];
        return packages.stream()
                .filter(pkg -> name.startsWith(pkg + "."))
                .max((a, b) -> Integer.compare(a.length(), b.length()));
    }

    private static String rpc(String service, MethodDescriptorProto method) {
        String arrow =
                (method.getClientStreaming() ? "stream " : "") + "->" + (method.getServerStreaming() ? " stream" : "");
        return "rpc " + service + "/" + method.getName() + " " + strip(method.getInputType()) + " " + arrow + " "
                + strip(method.getOutputType());
    }

    private static void addMessage(String name, DescriptorProto message, SortedSet<String> facts) {
        for (FieldDescriptorProto field : message.getFieldList()) {
            facts.add("field " + name + " " + field.getNumber() + " " + field.getName() + " " + label(field) + " "
                    + type(field) + oneof(message, field));
        }
        for (DescriptorProto nested : message.getNestedTypeList()) {
            addMessage(name + "." + nested.getName(), nested, facts);
        }
        for (EnumDescriptorProto e : message.getEnumTypeList()) {
            addEnum(name + "." + e.getName(), e, facts);
        }
    }

    private static void addEnum(String name, EnumDescriptorProto e, SortedSet<String> facts) {
        e.getValueList().forEach(v -> facts.add("enum " + name + " " + v.getNumber() + " " + v.getName()));
    }

    private static String label(FieldDescriptorProto field) {
        return field.getLabel().name().substring("LABEL_".length()).toLowerCase(Locale.ROOT);
    }

    private static String type(FieldDescriptorProto field) {
        return field.getTypeName().isEmpty()
                ? field.getType().name().substring("TYPE_".length()).toLowerCase(Locale.ROOT)
                : strip(field.getTypeName());
    }

    /** A real oneof is named; proto3 {@code optional} puts the field in a synthetic one that is not. */
    private static String oneof(DescriptorProto message, FieldDescriptorProto field) {
        if (!field.hasOneofIndex() || field.getProto3Optional()) {
            return "";
        }
        return " oneof=" + message.getOneofDecl(field.getOneofIndex()).getName();
    }

    private static String strip(String typeName) {
        return typeName.startsWith(".") ? typeName.substring(1) : typeName;
    }
}
