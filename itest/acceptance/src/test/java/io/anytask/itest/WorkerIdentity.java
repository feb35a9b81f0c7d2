package io.anytask.itest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A worker life as the interfaces' {@code identity()} names it, {@code PID:TOKEN}: the process, and a token made when
 * the interface's class was initialised. Equal identities mean one worker life; a renewed worker keeps its PID and
 * has a new token (SPEC.md section 8: a fresh worker is judged by state, not by PID).
 */
record WorkerIdentity(long pid, String token) {

    /** Reads {@code PID:TOKEN}. */
    static WorkerIdentity parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not PID:TOKEN: " + text);
        }
        return new WorkerIdentity(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** Reads a result that is the identity text, or a list that starts with it. */
    static WorkerIdentity of(JsonNode result) {
        return parse(result.isArray() ? result.get(0).textValue() : result.textValue());
    }

    /** Whether {@code next} is this worker renewed: the same process, another life. */
    boolean renewedAs(WorkerIdentity next) {
        return pid == next.pid && !token.equals(next.token);
    }

    @Override
    public String toString() {
        return pid + ":" + token;
    }
}
