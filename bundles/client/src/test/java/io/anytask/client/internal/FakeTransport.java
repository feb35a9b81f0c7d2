package io.anytask.client.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.protocol.Message;
import io.anytask.protocol.MessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link Transport}: each connection attempt waits until the test accepts or refuses it. */
final class FakeTransport implements Transport {
    final List<FakeConnection> attempts = new ArrayList<>();
    /** Accept each attempt inside {@code connect}, as a Unix socket whose server is up may complete at once. */
    boolean acceptAtOnce;

    @Override
    public void connect(Handler handler) {
        FakeConnection connection = new FakeConnection(handler);
        attempts.add(connection);
        if (acceptAtOnce) {
            connection.accept();
        }
    }

    /** Attempts not yet accepted or refused. */
    List<FakeConnection> waiting() {
        return attempts.stream().filter(c -> c.state == 0).toList();
    }

    /** Accepts every waiting attempt; returns them. */
    List<FakeConnection> acceptAll() {
        List<FakeConnection> w = waiting();
        w.forEach(FakeConnection::accept);
        return w;
    }

    /** Refuses every waiting attempt; returns how many. */
    int refuseAll() {
        List<FakeConnection> w = waiting();
        w.forEach(FakeConnection::refuse);
        return w.size();
    }

    List<FakeConnection> open() {
        return attempts.stream().filter(c -> c.state == 1 && !c.closedByClient).toList();
    }

    /** One fake worker connection: records what the client sent. */
    static final class FakeConnection implements Connection {
        final Handler handler;
        final List<Message> sent = new ArrayList<>();
        int state;
        boolean closedByClient;

        FakeConnection(Handler handler) {
            this.handler = handler;
        }

        void accept() {
            state = 1;
            handler.connected(this);
        }

        void refuse() {
            state = 2;
            handler.connectFailed(new java.net.ConnectException("Connection refused"));
        }

        void reply(Message message) {
            assertFalse(closedByClient, "reply on a connection the client closed");
            handler.received(message);
        }

        void die() {
            state = 3;
            handler.closed(null);
        }

        /** What the client sent, each message in wire form. */
        List<String> wire() {
            return sent.stream()
                    .map(m -> new String(MessageEncoder.instance().encode(m), StandardCharsets.UTF_8)).toList();
        }

        String last() {
            assertTrue(!sent.isEmpty(), "nothing sent");
            List<String> w = wire();
            return w.get(w.size() - 1);
        }

        @Override
        public void send(Message message) {
            assertFalse(closedByClient, "send after close");
            sent.add(message);
        }

        @Override
        public void close() {
            closedByClient = true;
        }
    }
}
