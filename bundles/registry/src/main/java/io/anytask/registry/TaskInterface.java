package io.anytask.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.protocol.DeferredLog;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One interface found by an {@link InterfaceRegistry}, ready to be called by a worker. Every failure is an
 * {@link InterfaceFailedException} whose message is the text of the {@code er} reply to send. Calls must come from
 * one thread at a time.
 */
@ProviderType
public interface TaskInterface {

    /** The interface's name. */
    String name();

    /**
     * Does ahead of time the work of a first request that does not depend on the request: reflection over the
     * service's methods and the set-up of the JSON mapper. A worker calls it after it has announced that it is
     * ready, while it waits for its connection, so that neither its start-up nor its first request pays for it.
     * Optional; calling it again does nothing. Setup is not run here: it runs before the first request.
     */
    void prepare();

    /**
     * Runs the interface's setup hook (nothing if it has none), with {@code log} as its {@link TaskLog}.
     *
     * @throws SetupFailedException if the hook threw; its message starts with {@code setup exception: }
     */
    void setup(DeferredLog log);

    /**
     * Runs one request with {@code log} as its {@link TaskLog}.
     *
     * @param arguments the arguments of the {@code do} message (a method name first, for a call as a method)
     * @return the result as JSON
     * @throws InterfaceFailedException if the request failed, with the {@code er} text as its message
     */
    JsonNode call(List<JsonNode> arguments, DeferredLog log);

    /**
     * Runs the interface's checkout-done hook (nothing if it has none).
     *
     * @throws InterfaceFailedException if the hook threw
     */
    void checkoutDone();
}
