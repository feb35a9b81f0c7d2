package io.anytask.registry.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.impl.UnknownSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Lets Jackson write plain data only: JSON nodes, strings, numbers, booleans, enums, records, arrays, collections
 * and maps of those. A class that Jackson would write as a bean (through its getters) is not plain data: writing
 * one fails with {@link NotData}, which becomes the {@code interface returned object: } reply.
 */
final class DataOnly extends BeanSerializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean,
            JsonSerializer<?> serializer) {
        Class<?> type = bean.getBeanClass();
        boolean asBean = serializer instanceof BeanSerializerBase || serializer instanceof UnknownSerializer;
        return asBean && !type.isRecord() ? new Refuse(type) : serializer;
    }

    /** Writing an object that is not plain data; the message describes the object and where it was found. */
    static final class NotData extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        NotData(JsonGenerator gen, String description) {
            super(gen, description);
        }

        @Override
        public String getMessage() {
            String path = Binding.path(this);
            return getOriginalMessage() + (path.isEmpty() ? "" : " at " + path);
        }
    }

    private static final class Refuse extends StdSerializer<Object> {
        private static final long serialVersionUID = 1L;

        Refuse(Class<?> type) {
            super(type, false);
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            throw new NotData(gen, Binding.describe(value));
        }
    }
}
