package io.eventstream.eventstore.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the string field whose bytes are not UTF-8 in a serialized message, e.g.
 * {@code event.event_data} or {@code event.metadata.value}. Protobuf's own error does not name
 * it ("Protocol message had invalid UTF-8."), so the wire fields are walked against the schema.
 */
final class InvalidUtf8Field {

    private static final int MAX_DEPTH = 32;

    private InvalidUtf8Field() {
    }

    static Optional<String> find(Descriptor type, byte[] message) {
        return find(type, ByteString.copyFrom(message), "", 0);
    }

    private static Optional<String> find(Descriptor type, ByteString message, String prefix, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        UnknownFieldSet fields;
        try {
            fields = UnknownFieldSet.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        for (Map.Entry<Integer, UnknownFieldSet.Field> entry : fields.asMap().entrySet()) {
            FieldDescriptor field = type.findFieldByNumber(entry.getKey());
            if (field == null) {
                continue;
            }
            String name = prefix + field.getName();
            for (ByteString value : entry.getValue().getLengthDelimitedList()) {
                if (field.getType() == FieldDescriptor.Type.STRING && !value.isValidUtf8()) {
                    return Optional.of(name);
                }
                if (field.getType() == FieldDescriptor.Type.MESSAGE) {
                    Optional<String> inner = find(field.getMessageType(), value, name + ".", depth + 1);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
