package io.anytask.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.registry.internal.Binding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a {@link TaskHandler}: the arguments of a {@code ["do",{META},ARG...]} message, as sent.
 *
 * <p>A call as a method sends the method name as the first argument; a call as a function sends only its
 * arguments. The wire does not tell the two apart (the original has the same property), so {@link #method()}
 * is the first argument when it is a string, and a handler that is called both ways decides for itself.
 *
 * <p>Requests are immutable; the JSON nodes they hand out must not be modified.
 */
public final class TaskRequest {
    private final List<JsonNode> arguments;

    private TaskRequest(List<JsonNode> arguments) {
        this.arguments = arguments;
    }

    /** A request with these arguments (the message's arguments, method name included); also for handler tests. */
    public static TaskRequest of(List<? extends JsonNode> arguments) {
        return new TaskRequest(List.copyOf(arguments));
    }

    /** Every argument of the message, in order, the method name (if any) included. */
    public List<JsonNode> arguments() {
        return arguments;
    }

    /** The number of arguments, the method name (if any) included. */
    public int size() {
        return arguments.size();
    }

    /** The first argument, if it is a string: the method name of a call as a method. */
    public Optional<String> method() {
        return arguments.isEmpty() || !arguments.get(0).isTextual()
                ? Optional.empty() : Optional.of(arguments.get(0).textValue());
    }

    /**
     * The argument at {@code index}.
     *
     * @throws IndexOutOfBoundsException naming the index and the number of arguments
     */
    public JsonNode argument(int index) {
        if (index < 0 || index >= arguments.size()) {
            throw new IndexOutOfBoundsException(
                    "argument index: " + index + " (expected: 0 to " + (arguments.size() - 1) + ")");
        }
        return arguments.get(index);
    }

    /**
     * The argument at {@code index}, bound to {@code type} as Jackson binds JSON (records, lists, maps, strings,
     * numbers, booleans); numbers are not truncated and strings are not turned into numbers.
     *
     * @throws IllegalArgumentException if the argument cannot be bound to {@code type}
     * @throws IndexOutOfBoundsException if there is no such argument
     */
    public <T> T argument(int index, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return Binding.bind(argument(index), type, "argument " + index);
    }

    /**
     * The argument at {@code index}, bound to a generic type such as {@code new TypeReference<List<Item>>() {}}.
     *
     * @throws IllegalArgumentException if the argument cannot be bound to {@code type}
     * @throws IndexOutOfBoundsException if there is no such argument
     */
    public <T> T argument(int index, TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return Binding.bind(argument(index), type, "argument " + index);
    }

    @Override
    public String toString() {
        return arguments.toString();
    }
}
