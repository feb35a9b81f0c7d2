package io.anytask.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.protocol.DeferredLog;
import io.anytask.protocol.Message;
import io.anytask.protocol.MessageDecoder;
import io.anytask.protocol.MessageEncoder;
import io.anytask.protocol.MessageEncodingException;
import io.anytask.protocol.Meta;
import io.anytask.protocol.ProtocolException;
import io.anytask.registry.InterfaceFailedException;
import io.anytask.registry.TaskInterface;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves one connection, one request at a time, with blocking I/O, until the client closes it (SPEC.md sections 3
 * and 4). Setup runs lazily before the first {@code do} and again before the next one while it fails; {@code dn}
 * runs checkout done and gets no reply; every {@code do} gets exactly one reply, carrying the request's deferred
 * log in META {@code "ld"} when something was logged.
 *
 * <p>Runs on one thread; owns the interface for the connection's life.
 */
public final class RequestLoop {
    private static final int READ_BUFFER = 64 * 1024;

    private final TaskInterface iface;
    private final Watchdog watchdog;
    private final MessageEncoder encoder = MessageEncoder.instance();
    /** Made with the loop: a worker makes its loop while it waits for the connection, on the serving thread. */
    private final MessageDecoder decoder;
    private final byte[] buffer = new byte[READ_BUFFER];
    private OutputStream out;
    private boolean setupDone;
    /** Checkouts released on this connection ({@code dn} messages); written by the serving thread only. */
    private volatile long checkoutsDone;

    /**
     * A loop for one connection, to be served on the thread that makes it: its decoder takes that thread's buffers
     * from the JSON library (made ahead, they are not made on the first request).
     */
    public RequestLoop(TaskInterface iface, Watchdog watchdog) {
        this(iface, watchdog, MessageDecoder.Limits.defaults());
    }

    /** A loop whose decoder enforces {@code limits} on what the client sends. */
    public RequestLoop(TaskInterface iface, Watchdog watchdog, MessageDecoder.Limits limits) {
        this.iface = iface;
        this.watchdog = watchdog;
        this.decoder = new MessageDecoder(limits);
    }

    /**
     * Serves until end of input.
     *
     * @throws ProtocolException if the client sends bytes that are not anytask messages, or a message a client
     *     must not send; the connection should then be closed
     * @throws IOException if the connection fails
     */
    public void serve(InputStream in, OutputStream out) throws IOException {
        this.out = out;
        IOException[] failure = new IOException[1];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            decoder.feed(buffer, 0, n, message -> {
                if (failure[0] == null) {
                    try {
                        handle(message);
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        decoder.endOfInput(message -> {
            throw new IllegalStateException("decoder completed a message at end of input: " + message);
        });
    }

    /**
     * Initialises the codec (its JSON mapper and parser classes, and the calling thread's buffers) ahead of the
     * first request; for the time a worker waits for its connection, on the thread that will serve it.
     */
    public static void prepareCodec() {
        for (Message message : new MessageDecoder().feed(
                "[\"do\",{},\"m\",1,2.5,\"\\u00e9\",[true,null],{\"k\":\"v\"}]".getBytes(StandardCharsets.UTF_8))) {
            MessageEncoder.instance().encode(new Message.Ok(((Message.Do) message).args().get(4)));
        }
    }

    private void handle(Message message) throws IOException {
        switch (message.command()) {
            case DO -> run((Message.Do) message);
            case DN -> checkoutDone();
            default -> throw new ProtocolException("a client may send only do and dn messages, not "
                    + message.command().wireName());
        }
    }

    private void run(Message.Do request) throws IOException {
        watchdog.begin();
        try {
            DeferredLog log = new DeferredLog();
            Message reply;
            try {
                if (!setupDone) {
                    iface.setup(log);
                    setupDone = true;
                }
                JsonNode result = iface.call(request.args(), log);
                reply = new Message.Ok(meta(log), result);
            } catch (InterfaceFailedException e) {
                reply = new Message.Er(meta(log), e.getMessage());
            }
            write(reply);
        } finally {
            watchdog.end();
        }
    }

    /** @return how many checkouts have been released on this loop's connection so far */
    public long checkoutsDone() {
        return checkoutsDone;
    }

    private void checkoutDone() {
        checkoutsDone++; // one writer: the serving thread
        watchdog.begin();
        try {
            iface.checkoutDone();
        } catch (InterfaceFailedException e) {
            System.err.println("anytask worker: " + e.getMessage());
        } finally {
            watchdog.end();
        }
    }

    private void write(Message reply) throws IOException {
        byte[] bytes;
        try {
            bytes = encoder.encode(reply);
        } catch (MessageEncodingException e) {
            bytes = encoder.encode(new Message.Er(reply.meta(), "error JSON encoding interface output: "
                    + e.getMessage()));
        }
        out.write(bytes);
        out.flush();
    }

    private static Meta meta(DeferredLog log) {
        return log.isEmpty() ? Meta.empty() : Meta.empty().with(Meta.DEFERRED_LOG, log.finish());
    }
}
