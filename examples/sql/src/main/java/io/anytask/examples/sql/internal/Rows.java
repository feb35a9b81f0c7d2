package io.anytask.examples.sql.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a result set into plain JSON data: a list of rows, each a map from column label to value. */
final class Rows {
    private Rows() {
    }

    /**
     * Reads and closes {@code rows}.
     *
     * @param max the most rows accepted
     * @throws SQLException if there are more than {@code max} rows, two columns have the same label, or reading
     *     fails
     */
    static List<Map<String, Object>> read(ResultSet rows, int max) throws SQLException {
        try (rows) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> labels = new ArrayList<>();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                String label = meta.getColumnLabel(column);
                if (labels.contains(label)) {
                    throw new SQLException("two columns are labelled " + label + " (expected: distinct labels;"
                            + " name them with AS)");
                }
                labels.add(label);
            }
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                if (result.size() == max) {
                    throw new SQLException("the query has more than " + max + " rows, the most one query returns"
                            + " (narrow it with WHERE or LIMIT)");
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= labels.size(); column++) {
                    row.put(labels.get(column - 1), data(rows.getObject(column)));
                }
                result.add(row);
            }
            return result;
        }
    }

    /** A column's value as JSON data (see {@link SqlInterface} for the forms). */
    static Object data(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof byte[]
                || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof Double || value instanceof Float
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, Math.toIntExact(clob.length()));
        }
        if (value instanceof Array array) {
            List<Object> items = new ArrayList<>();
            for (Object item : (Object[]) array.getArray()) {
                items.add(data(item));
            }
            return items;
        }
        return value.toString();
    }
}
