package io.anytask.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Runs one request against an interface's service object, in one of the two forms. */
interface Invoker {

    /**
     * The raw result of the request, before conversion to JSON.
     *
     * @throws io.anytask.registry.InterfaceFailedException for a request that names no method or binds badly
     * @throws Exception whatever the interface code threw (an {@link Error} it threw passes unchanged)
     */
    Object invoke(List<JsonNode> arguments) throws Exception;
}
