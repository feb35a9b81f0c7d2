package io.anytask.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.protocol.DeferredLog;
import io.anytask.registry.InterfaceFailedException;
import io.anytask.registry.SetupFailedException;
import io.anytask.registry.TaskHandler;
import io.anytask.registry.TaskInterface;
import io.anytask.registry.TaskLifecycle;
import java.util.List;
import java.util.Objects;

/**
 * An interface backed by a service object in one of the two forms. Interface code's exceptions become
 * {@link InterfaceFailedException}s whose message is the exception's own (its class name when it has none).
 */
public final class ServiceInterface implements TaskInterface {
    private final String name;
    private final Object service;
    private final TaskLifecycle lifecycle;
    /** Made on first use or by {@link #prepare()}; calls come from one thread at a time (TaskInterface). */
    private Invoker invoker;

    private ServiceInterface(String name, Object service, TaskLifecycle lifecycle) {
        this.name = name;
        this.service = service;
        this.lifecycle = lifecycle;
    }

    /** The interface {@code name} backed by {@code service}: a {@link TaskHandler}, or any object (method dispatch). */
    public static ServiceInterface of(String name, Object service) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        return new ServiceInterface(name, service, service instanceof TaskLifecycle ? (TaskLifecycle) service : null);
    }

    @Override
    public void prepare() {
        invoker();
        Binding.result(List.of(1, "prepared"));
    }

    private Invoker invoker() {
        if (invoker == null) {
            invoker = service instanceof TaskHandler
                    ? new HandlerInvoker((TaskHandler) service) : new MethodDispatcher(service, name);
        }
        return invoker;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setup(DeferredLog log) {
        if (lifecycle == null) {
            return;
        }
        try {
            CurrentLog.with(log, () -> {
                lifecycle.setup();
                return null;
            });
        } catch (Throwable t) {
            rethrowFatal(t);
            throw new SetupFailedException("setup exception: " + describe(t), t);
        }
    }

    @Override
    public JsonNode call(List<JsonNode> arguments, DeferredLog log) {
        Object result;
        try {
            result = CurrentLog.with(log, () -> invoker().invoke(arguments));
        } catch (InterfaceFailedException e) {
            throw e;
        } catch (Throwable t) {
            rethrowFatal(t);
            throw new InterfaceFailedException(describe(t), t);
        }
        return Binding.result(result);
    }

    @Override
    public void checkoutDone() {
        if (lifecycle == null) {
            return;
        }
        try {
            CurrentLog.with(new DeferredLog(), () -> {
                lifecycle.checkoutDone();
                return null;
            });
        } catch (Throwable t) {
            rethrowFatal(t);
            throw new InterfaceFailedException("checkout done of interface '" + name + "' failed: " + describe(t), t);
        }
    }

    @Override
    public String toString() {
        return "interface '" + name + "' (" + (service instanceof TaskHandler ? "handler" : "method dispatch") + ")";
    }

    /** The text of an interface code's exception: its message, or its class name when it has none. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    /** Errors that leave the JVM unusable end the worker; a stack overflow unwinds and is an ordinary failure. */
    private static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }
}
