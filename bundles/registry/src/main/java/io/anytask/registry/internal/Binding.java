package io.anytask.registry.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.anytask.registry.ResultEncodingException;
import io.anytask.registry.ResultNotDataException;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Conversions between JSON and Java values for interfaces: strict binding of arguments, and results that must be
 * plain data. One mapper, configured once; mappers are thread-safe.
 */
public final class Binding {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule("anytask-data-only").setSerializerModifier(new DataOnly()))
            .build();

    private Binding() {
    }

    /**
     * Drops what the mapper has cached about classes (serializers, deserializers, resolved types), so that it holds
     * no class of an interface bundle that has been uninstalled; the caches fill again on use.
     */
    public static void forgetClasses() {
        MAPPER.clearCaches();
        TypeFactory.defaultInstance().clearCache();
    }

    /** {@code node} bound to {@code type}; {@code what} names the value in the error. */
    public static <T> T bind(JsonNode node, Class<T> type, String what) {
        return bind(node, MAPPER.constructType(type), what);
    }

    /** {@code node} bound to {@code type}; {@code what} names the value in the error. */
    public static <T> T bind(JsonNode node, TypeReference<T> type, String what) {
        return bind(node, MAPPER.getTypeFactory().constructType(type), what);
    }

    static JavaType type(Type type) {
        return MAPPER.getTypeFactory().constructType(type);
    }

    static <T> T bind(JsonNode node, JavaType type, String what) {
        try {
            return MAPPER.readerFor(type).readValue(node);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + ": cannot bind " + abbreviate(String.valueOf(node)) + " to "
                    + type.toCanonical() + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * The JSON form of an interface's result.
     *
     * @throws ResultNotDataException if the result is, or holds, an object that is not plain data
     * @throws ResultEncodingException if the result cannot be written as JSON
     */
    public static JsonNode result(Object result) {
        if (result instanceof JsonNode) {
            return (JsonNode) result;
        }
        try {
            return MAPPER.valueToTree(result);
        } catch (IllegalArgumentException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof DataOnly.NotData) {
                    throw new ResultNotDataException("interface returned object: " + c.getMessage(), e);
                }
            }
            throw new ResultEncodingException("error JSON encoding interface output: " + firstLine(e.getMessage()), e);
        } catch (StackOverflowError e) {
            throw new ResultEncodingException(
                    "error JSON encoding interface output: nested too deeply (does it contain itself?)", e);
        }
    }

    /** A short description of {@code value} for error messages: its class and its abbreviated text. */
    static String describe(Object value) {
        return value.getClass().getName() + " (" + abbreviate(String.valueOf(value)) + ")";
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
    }

    /** Jackson's path of a mapping error, such as {@code [0]->"items"}, or empty at the top level. */
    static String path(JsonMappingException e) {
        return e.getPath().isEmpty() ? "" : e.getPathReference();
    }
}
