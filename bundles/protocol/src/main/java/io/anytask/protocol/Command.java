package io.anytask.protocol;

import java.util.Optional;

/** The command word that starts every message on the wire (SPEC.md section 3). */
public enum Command {
    /** Client to worker: run the interface. */
    DO("do"),
    /** Worker to client: the request succeeded. */
    OK("ok"),
    /** Worker to client: the interface or its setup failed. */
    ER("er"),
    /** Client to worker: the checkout was released; run "checkout done", no reply. */
    DN("dn");

    private final String wireName;

    Command(String wireName) {
        this.wireName = wireName;
    }

    /** The two-letter word written on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The command written as {@code word} on the wire, if there is one. */
    public static Optional<Command> fromWireName(String word) {
        for (Command c : values()) {
            if (c.wireName.equals(word)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
