package io.anytask.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anytask.client.Checkout;
import io.anytask.client.TaskClient;
import io.anytask.client.TaskClientConfig;
import io.anytask.protocol.Endpoint;
import io.anytask.protocol.Seconds;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anytask call --connect ENDPOINT METHOD [JSON-ARG...]}: one call on a fresh checkout. Prints the JSON result
 * on standard output and exits 0, or prints the error text on standard error and exits 1; bad arguments exit 2.
 */
@Command(name = "call", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        sortOptions = false, defaultValueProvider = CallCommand.Defaults.class, usageHelpWidth = 120,
        description = {"Make one call on a fresh checkout and print its JSON result.",
            "Prints the result on standard output (exit 0), or the error's text on standard error "
            + "(exit 1). Each JSON-ARG is one JSON text: a string needs its quotes, '\"text\"'.", ""})
final class CallCommand implements Callable<Integer> {
    /** The JSON-ARG that stands for the JSON texts of standard input. */
    static final String STANDARD_INPUT = "-";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--connect", required = true, paramLabel = "unix:PATH|tcp:HOST:PORT",
            converter = EndpointConverter.class, description = "the server to call")
    Endpoint connect;

    @Option(names = "--timeout", paramLabel = "S", converter = SecondsConverter.class,
            description = "the call's timeout in seconds, > 0, decimals allowed (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--pretty", description = "print the result as indented JSON")
    boolean pretty;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Parameters(index = "0", paramLabel = "METHOD", description = "the name of the method to call")
    String method;

    @Parameters(index = "1..*", paramLabel = "JSON-ARG", description = "the method's arguments, each one JSON "
            + "text; - reads JSON texts from standard input in its place (whitespace between them)")
    List<String> arguments = new ArrayList<>();

    private final Streams streams;

    CallCommand() {
        this(Streams.system());
    }

    CallCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        TaskClientConfig config = config();
        return call(config, jsonArguments(), streams.out(), streams.err());
    }

    /** @return the client's configuration: one worker, the options' endpoint and timeout */
    TaskClientConfig config() {
        if (timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout: 0 (expected: seconds > 0)");
        }
        try {
            return TaskClientConfig.builder(connect).name("anytask call")
                    .minWorkers(1).maxWorkers(1).timeout(timeout).tls(tls.settings()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** @return the JSON-ARGs read, {@code -} replaced by the JSON texts of standard input */
    List<JsonNode> jsonArguments() {
        List<JsonNode> json = new ArrayList<>();
        boolean readInput = false;
        for (String text : arguments) {
            if (!text.equals(STANDARD_INPUT)) {
                json.add(json(text, json.size() + 1));
            } else if (readInput) {
                throw new ParameterException(spec.commandLine(), "JSON-ARG: - given twice (expected: standard "
                        + "input read once)");
            } else {
                readInput = true;
                json.addAll(standardInput(json.size() + 1));
            }
        }
        return json;
    }

    private int call(TaskClientConfig config, List<JsonNode> args, PrintStream out, PrintStream err) {
        try (TaskClient client = TaskClient.create(config); Checkout checkout = client.checkout()) {
            JsonNode result = checkout.call(method, args.toArray()).get();
            out.println(print(result));
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

    /** @return the result as one line of JSON, or indented with {@code --pretty} */
    String print(JsonNode result) throws JsonProcessingException {
        return print(result, pretty);
    }

    private static String print(JsonNode result, boolean pretty) throws JsonProcessingException {
        return pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result)
                : JSON.writeValueAsString(result);
    }

    private JsonNode json(String text, int position) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "argument " + position + ": " + text
                    + " (expected: one JSON text, e.g. 42, \"text\", [1,2] or {\"k\":1})");
        }
    }

    private List<JsonNode> standardInput(int position) {
        List<JsonNode> json = new ArrayList<>();
        InputStream in = streams.in();
        try (MappingIterator<JsonNode> texts = JSON.readerFor(JsonNode.class).readValues(in)) {
            while (texts.hasNextValue()) {
                json.add(texts.nextValue());
            }
            return json;
        } catch (IOException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "argument " + (position + json.size())
                    + " (standard input): " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + " (expected: JSON texts, e.g. 42 \"text\" [1,2])");
        }
    }

    /** The default timeout, {@link TaskClientConfig#DEFAULT_TIMEOUT}'s. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec option && option.longestName().equals("--timeout")
                    ? Seconds.format(TaskClientConfig.DEFAULT_TIMEOUT) : null;
        }
    }
}
