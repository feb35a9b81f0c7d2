package io.anytask.itest.felix.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A consumer of a configured client, written as an application would write one: DS injects the {@code TaskClient}
 * service whose {@code name} is {@code conf}. The reference is static and mandatory, so this component (and its
 * service) exists only while such a client does, and a replaced client means a new instance of this component.
 *
 * <p>Its service, a {@code Function} with the property {@value #PROPERTY}{@code =echo}, calls {@code echo} with the
 * argument on a checkout of its own and returns the future result.
 */
@Component(service = Function.class, property = EchoThroughClient.PROPERTY + "=echo")
public final class EchoThroughClient implements Function<Object, CompletableFuture<JsonNode>> {
    /** The service property the tests find this component's service by. */
    public static final String PROPERTY = "anytask.itest.consumer";

    @Reference(target = "(name=conf)")
    private TaskClient client;

    /** Calls {@code echo(argument)} on a fresh checkout, released once the call has completed. */
    @Override
    public CompletableFuture<JsonNode> apply(Object argument) {
        Checkout checkout = client.checkout();
        try {
            return checkout.call("echo", argument);
        } finally {
            checkout.close(); // the call made before close() still runs
        }
    }
}
