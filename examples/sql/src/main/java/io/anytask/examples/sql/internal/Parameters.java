package io.anytask.examples.sql.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Binds a request's JSON parameters to a statement's {@code ?} placeholders. */
final class Parameters {
    private Parameters() {
    }

    /**
     * Binds {@code values} in order: strings, numbers, booleans and null, as JSON arguments arrive.
     *
     * @throws IllegalArgumentException naming the parameter, for a value that is a JSON object or array (bound as
     *     a map or a list)
     */
    static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (!isScalar(value)) {
                throw new IllegalArgumentException("params[" + i + "]: a JSON " + (value instanceof Map ? "object"
                        : "array") + " (expected: a string, number, boolean or null)");
            }
            statement.setObject(i + 1, value);
        }
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof BigDecimal
                || value instanceof BigInteger;
    }
}
