package io.anytask.registry.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.registry.ArgumentBindingException;
import io.anytask.registry.TaskLifecycle;
import io.anytask.registry.UnknownMethodException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The method-dispatch form: the first argument names a public method of the service object, the other arguments
 * are bound to its parameter types. Overloads are told apart by their number of parameters; a varargs method
 * takes what no fixed-arity overload of its name does.
 */
final class MethodDispatcher implements Invoker {
    private final Object target;
    private final String interfaceName;
    /** Public methods by name; per name, by number of parameters. Built once, read-only after. */
    private final Map<String, Overloads> methods = new TreeMap<>();

    MethodDispatcher(Object target, String interfaceName) {
        this.target = target;
        this.interfaceName = interfaceName;
        for (Method m : target.getClass().getMethods()) {
            if (isCallable(m)) {
                methods.computeIfAbsent(m.getName(), n -> new Overloads()).add(m);
            }
        }
    }

    @Override
    public Object invoke(List<JsonNode> arguments) throws Exception {
        if (arguments.isEmpty() || !arguments.get(0).isTextual()) {
            throw new UnknownMethodException("interface '" + interfaceName + "' dispatches by method name, but the"
                    + " first argument is " + (arguments.isEmpty() ? "missing" : "not a string: "
                    + Binding.abbreviate(arguments.get(0).toString())) + " (methods: " + methods.keySet() + ")");
        }
        String name = arguments.get(0).textValue();
        List<JsonNode> args = arguments.subList(1, arguments.size());
        Overloads overloads = methods.get(name);
        if (overloads == null) {
            throw new UnknownMethodException("unknown method '" + name + "' of interface '" + interfaceName
                    + "' (methods: " + methods.keySet() + ")");
        }
        Target chosen = overloads.select(name, args.size(), interfaceName);
        Object[] values = chosen.bind(args, name, interfaceName);
        try {
            return chosen.method.invoke(target, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw cause instanceof Exception ? (Exception) cause : e;
        }
    }

    private boolean isCallable(Method m) {
        if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers()) || m.isBridge()
                || m.isSynthetic()) {
            return false;
        }
        if (target instanceof TaskLifecycle && m.getParameterCount() == 0
                && (m.getName().equals("setup") || m.getName().equals("checkoutDone"))) {
            return false;
        }
        return m.trySetAccessible();
    }

    /** The public methods of one name. */
    private static final class Overloads {
        private final Map<Integer, List<Target>> fixed = new HashMap<>();
        private final List<Target> varargs = new ArrayList<>();

        void add(Method m) {
            Target t = new Target(m);
            if (m.isVarArgs()) {
                varargs.add(t);
            } else {
                fixed.computeIfAbsent(m.getParameterCount(), n -> new ArrayList<>()).add(t);
            }
        }

        Target select(String name, int count, String interfaceName) {
            List<Target> candidates = fixed.getOrDefault(count, List.of());
            if (candidates.isEmpty()) {
                candidates = varargs.stream().filter(t -> count >= t.types.length - 1).toList();
            }
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            String where = "method '" + name + "' of interface '" + interfaceName + "'";
            if (candidates.isEmpty()) {
                throw new UnknownMethodException(where + " does not take " + count + " argument"
                        + (count == 1 ? "" : "s") + " (it takes: " + arities() + ")");
            }
            throw new UnknownMethodException(where + " is ambiguous: " + candidates.size()
                    + " public overloads take " + count + " arguments");
        }

        private String arities() {
            List<String> out = new ArrayList<>();
            new TreeMap<>(fixed).keySet().forEach(n -> out.add(String.valueOf(n)));
            varargs.forEach(t -> out.add((t.types.length - 1) + " or more"));
            return String.join(", ", out);
        }
    }

    /** One method with its parameter types, resolved once. */
    private static final class Target {
        final Method method;
        final JavaType[] types;

        Target(Method method) {
            this.method = method;
            java.lang.reflect.Type[] generic = method.getGenericParameterTypes();
            this.types = new JavaType[generic.length];
            for (int i = 0; i < generic.length; i++) {
                types[i] = Binding.type(generic[i]);
            }
        }

        Object[] bind(List<JsonNode> args, String name, String interfaceName) {
            int fixedCount = method.isVarArgs() ? types.length - 1 : types.length;
            Object[] values = new Object[types.length];
            for (int i = 0; i < fixedCount; i++) {
                values[i] = bindOne(args.get(i), types[i], i, name, interfaceName);
            }
            if (method.isVarArgs()) {
                JavaType element = types[fixedCount].getContentType();
                Object rest = Array.newInstance(element.getRawClass(), args.size() - fixedCount);
                for (int i = fixedCount; i < args.size(); i++) {
                    Array.set(rest, i - fixedCount, bindOne(args.get(i), element, i, name, interfaceName));
                }
                values[fixedCount] = rest;
            }
            return values;
        }

        private static Object bindOne(JsonNode arg, JavaType type, int index, String name, String interfaceName) {
            try {
                return Binding.bind(arg, type, "argument " + index);
            } catch (IllegalArgumentException e) {
                throw new ArgumentBindingException("method '" + name + "' of interface '" + interfaceName + "': "
                        + e.getMessage(), e);
            }
        }
    }
}
