package io.anytask.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Java interface over a checkout: each abstract method is a call by its name, its future's type argument the
 * result type. The interface is checked once, when the proxy is made.
 */
final class TypedProxy implements InvocationHandler {
    private final CheckoutHandle checkout;
    private final Map<Method, JavaType> resultTypes;

    private TypedProxy(CheckoutHandle checkout, Map<Method, JavaType> resultTypes) {
        this.checkout = checkout;
        this.resultTypes = resultTypes;
    }

    static <T> T create(CheckoutHandle checkout, Class<T> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException("type: " + type.getName() + " (expected: an interface)");
        }
        Map<Method, JavaType> resultTypes = new HashMap<>();
        for (Method m : type.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?> raw = m.getReturnType();
            if (raw != CompletableFuture.class && raw != CompletionStage.class) {
                throw new IllegalArgumentException("method " + type.getName() + "." + m.getName() + " returns "
                        + raw.getName() + " (expected: CompletableFuture<T> or CompletionStage<T>)");
            }
            Type generic = m.getGenericReturnType();
            Type result = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            resultTypes.put(m, ClientJson.MAPPER.getTypeFactory().constructType(result));
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new TypedProxy(checkout, Map.copyOf(resultTypes)));
        return type.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "proxy of " + checkout;
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return checkout.submit(method.getName(), args, resultTypes.get(method));
    }
}
