package io.anytask.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of the wire protocol (SPEC.md section 3). On the wire each is a JSON array:
 * {@code ["do",{META},ARG...]}, {@code ["ok",{META},RESULT]}, {@code ["er",{META},MESSAGE]} or {@code ["dn",{META}]}.
 *
 * <p>Messages are immutable values. JSON nodes handed to or returned by a message belong to it and must not be
 * modified.
 */
public sealed interface Message permits Message.Do, Message.Ok, Message.Er, Message.Dn {

    /** The command word of this message. */
    Command command();

    /** The META object of this message. */
    Meta meta();

    /**
     * {@code ["do",{META},ARG...]}: run the interface. For a method call the first argument is the method name;
     * for a call "as a function" there is no method name, only the arguments.
     */
    record Do(Meta meta, List<JsonNode> args) implements Message {
        public Do {
            Objects.requireNonNull(meta, "meta");
            args = List.copyOf(args);
        }

        /** A method call: {@code ["do",{},"method",ARG...]}. */
        public static Do call(String method, List<? extends JsonNode> args) {
            Objects.requireNonNull(method, "method");
            List<JsonNode> all = new ArrayList<>(args.size() + 1);
            all.add(JsonNodeFactory.instance.textNode(method));
            all.addAll(args);
            return new Do(Meta.empty(), all);
        }

        /** A call as a function, with no method name: {@code ["do",{},ARG...]}. */
        public static Do function(List<? extends JsonNode> args) {
            return new Do(Meta.empty(), List.copyOf(args));
        }

        /** The first argument as a method name, if it is a string. */
        public Optional<String> methodName() {
            return args.isEmpty() || !args.get(0).isTextual() ? Optional.empty() : Optional.of(args.get(0).asText());
        }

        @Override
        public Command command() {
            return Command.DO;
        }
    }

    /** {@code ["ok",{META},RESULT]}: success; the result is one JSON value, JSON {@code null} allowed. */
    record Ok(Meta meta, JsonNode result) implements Message {
        public Ok {
            Objects.requireNonNull(meta, "meta");
            result = result == null ? JsonNodeFactory.instance.nullNode() : result;
        }

        public Ok(JsonNode result) {
            this(Meta.empty(), result);
        }

        @Override
        public Command command() {
            return Command.OK;
        }
    }

    /** {@code ["er",{META},MESSAGE]}: the interface or its setup failed with this message. */
    record Er(Meta meta, String message) implements Message {
        public Er {
            Objects.requireNonNull(meta, "meta");
            Objects.requireNonNull(message, "message");
        }

        public Er(String message) {
            this(Meta.empty(), message);
        }

        @Override
        public Command command() {
            return Command.ER;
        }
    }

    /** {@code ["dn",{META}]}: the checkout was released; the worker runs "checkout done" and sends no reply. */
    record Dn(Meta meta) implements Message {
        private static final Dn EMPTY = new Dn(Meta.empty());

        public Dn {
            Objects.requireNonNull(meta, "meta");
        }

        /** {@code ["dn",{}]}. */
        public static Dn empty() {
            return EMPTY;
        }

        @Override
        public Command command() {
            return Command.DN;
        }
    }
}
