package io.anytask.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The META object of a message: an immutable set of named JSON values. Keys that this version does not know are
 * kept (and re-encoded) but otherwise ignored; this is how the protocol grows compatibly.
 *
 * <p>The only key in use today is {@value #DEFERRED_LOG}: the worker's deferred-log record for one request
 * (SPEC.md section 7).
 */
public final class Meta {
    /** Key of the worker's deferred-log record, sent worker to client. */
    public static final String DEFERRED_LOG = "ld";

    private static final Meta EMPTY = new Meta(JsonNodeFactory.instance.objectNode());

    private final ObjectNode fields;

    private Meta(ObjectNode fields) {
        this.fields = fields;
    }

    /** The empty META object {@code {}}, what the client sends today. */
    public static Meta empty() {
        return EMPTY;
    }

    /** A META object holding a copy of {@code fields}. */
    public static Meta of(ObjectNode fields) {
        Objects.requireNonNull(fields, "fields");
        return fields.isEmpty() ? EMPTY : new Meta(fields.deepCopy());
    }

    /** Wraps {@code fields} without copying; the caller gives up ownership. */
    static Meta adopt(ObjectNode fields) {
        return fields.isEmpty() ? EMPTY : new Meta(fields);
    }

    /** The value under {@code key}, if present. The returned node must not be modified. */
    public Optional<JsonNode> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** A copy of this META object with {@code key} set to {@code value}. */
    public Meta with(String key, JsonNode value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ObjectNode copy = fields.deepCopy();
        copy.set(key, value);
        return new Meta(copy);
    }

    /** The worker's deferred-log record ({@value #DEFERRED_LOG}), if the message carries one. */
    public Optional<JsonNode> deferredLog() {
        return get(DEFERRED_LOG);
    }

    /** True when the object has no keys. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** A copy of the fields as a JSON object. */
    public ObjectNode toJson() {
        return fields.deepCopy();
    }

    /** The fields themselves, for the encoder; never handed out. */
    ObjectNode fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Meta m && fields.equals(m.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
