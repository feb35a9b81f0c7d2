package io.anytask.shell.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.anytask.client.TaskClient;
import io.anytask.shell.internal.JsonArguments;
import io.anytask.shell.internal.NamedServices;
import io.anytask.shell.internal.OneCall;
import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/**
 * {@code task:call CLIENT METHOD [JSON-ARG...]}: one call on a fresh checkout of a client. Prints the result as
 * JSON; an error fails the command with the error's text (the console prints it, a script sees the failure).
 */
@Service
@Command(scope = "task", name = "call", description = "Calls METHOD with the JSON arguments on a fresh checkout of "
        + "the named TaskClient service and prints the JSON result; an error fails the command with its text.")
public class CallCommand implements Action {

    @Reference
    BundleContext context;

    @Argument(index = 0, name = "client", description = "The client's name", required = true)
    @Completion(ClientNameCompleter.class)
    String client;

    @Argument(index = 1, name = "method", description = "The method to call", required = true)
    String method;

    @Argument(index = 2, name = "arguments", multiValued = true, description = "The arguments, each one JSON "
            + "text: 1, '\"text\"', '[1,2]', '{\"k\":1}' (quote strings, lists and objects for the shell)")
    List<String> arguments;

    @Option(name = "--timeout", description = "The checkout's timeout in seconds, decimals allowed "
            + "(default: the client's timeout, or 30 s if it has none)")
    String timeout;

    @Override
    public Object execute() throws Exception {
        List<JsonNode> values = JsonArguments.parse(arguments);
        try (NamedServices<TaskClient> clients = NamedServices.lookUp(context, TaskClient.class, "client")) {
            TaskClient taskClient = clients.named(client).service();
            Duration checkoutTimeout = OneCall.timeout(taskClient, OneCall.parseTimeout(timeout));
            JsonNode result = OneCall.call(taskClient, method, values, checkoutTimeout);
            System.out.println(JsonArguments.render(result));
        }
        return null;
    }
}
