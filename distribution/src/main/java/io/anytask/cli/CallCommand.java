package io.anytask.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * {@code anytask call --connect ENDPOINT METHOD [JSON-ARGS...] [--timeout S]}: one call on a fresh checkout. Prints
 * the JSON result on standard output and exits 0, or prints the error text on standard error and exits 1; bad
 * options exit 2.
 */
public final class CallCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String USAGE = "Usage: anytask call --connect unix:/path|tcp:host:port METHOD [JSON-ARGS...] "
            + "[--timeout S]\n"
            + "Makes one call on a fresh checkout and prints its JSON result. Each JSON-ARG is one JSON text\n"
            + "(a string needs its quotes: '\"text\"'). --timeout S: seconds, fractions allowed (default 30).\n";

    @Override
    public String name() {
        return "call";
    }

    @Override
    public String summary() {
        return "make one call on a fresh checkout and print its JSON result";
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code call}
     * @return 0 on success, 1 if the call failed, 2 for bad options
     */
    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String connect = null;
        Duration timeout = TaskClientConfig.DEFAULT_TIMEOUT;
        String method = null;
        List<JsonNode> callArgs = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--help") || a.equals("-h")) {
                    out.print(USAGE);
                    return 0;
                } else if (a.equals("--connect") || a.startsWith("--connect=")) {
                    connect = a.contains("=") ? a.substring(a.indexOf('=') + 1) : value(args, ++i, "--connect");
                } else if (a.equals("--timeout") || a.startsWith("--timeout=")) {
                    timeout = seconds(
                            a.contains("=") ? a.substring(a.indexOf('=') + 1) : value(args, ++i, "--timeout"));
                } else if (a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option: " + a);
                } else if (method == null) {
                    method = a;
                } else {
                    callArgs.add(json(a, callArgs.size() + 1));
                }
            }
            if (connect == null) {
                throw new IllegalArgumentException("--connect: missing (expected: unix:/path or tcp:host:port)");
            }
            if (method == null) {
                throw new IllegalArgumentException("METHOD: missing (expected: the name of the method to call)");
            }
            TaskClientConfig config = TaskClientConfig.builder(connect).name("anytask call")
                    .minWorkers(1).maxWorkers(1).timeout(timeout).build();
            return call(config, method, callArgs, out, err);
        } catch (IllegalArgumentException e) {
            err.println("anytask call: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private static int call(TaskClientConfig config, String method, List<JsonNode> args, PrintStream out,
                            PrintStream err) {
        try (TaskClient client = TaskClient.create(config); Checkout checkout = client.checkout()) {
            JsonNode result = checkout.call(method, args.toArray()).get();
            out.println(JSON.writeValueAsString(result));
            return 0;
        } catch (ExecutionException e) {
            err.println(e.getCause().getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        } catch (JsonProcessingException e) {
            err.println("cannot print the result: " + e.getMessage());
            return 1;
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + ": missing value");
        }
        return args.get(i);
    }

    private static Duration seconds(String text) {
        try {
            BigDecimal s = new BigDecimal(text);
            if (s.signum() <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(s.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--timeout: " + text + " (expected: seconds > 0, e.g. 0.5 or 30)");
        }
    }

    private static JsonNode json(String text, int position) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("argument " + position + ": " + text
                    + " (expected: one JSON text, e.g. 42, \"text\", [1,2] or {\"k\":1})");
        }
    }
}
