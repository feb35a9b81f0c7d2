package io.anytask.registry;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The handler form of an interface (the original's "code reference"): one function that receives every request of
 * the worker. Register an implementation as an OSGi service with the property
 * {@value InterfaceRegistry#INTERFACE_PROPERTY}{@code =NAME}, for example:
 *
 * <pre>{@code
 * @Component(service = TaskHandler.class, property = "anytask.interface=passwd-hasher")
 * public class PasswdHasher implements TaskHandler {
 *     public Object handle(TaskRequest request) {
 *         return hash(request.argument(0, String.class));
 *     }
 * }
 * }</pre>
 *
 * <p>A worker calls its handler from one thread, one request at a time.
 */
@ConsumerType
@FunctionalInterface
public interface TaskHandler {

    /**
     * Runs one request.
     *
     * @param request the request's arguments, as sent
     * @return the result: JSON data (a {@code JsonNode}, {@code null}, a string, number or boolean, a record, a
     *     list, array or map of such values); anything else is answered with an {@code er} reply
     * @throws Exception to fail the request; the exception's message becomes the {@code er} reply's message
     */
    Object handle(TaskRequest request) throws Exception;
}
