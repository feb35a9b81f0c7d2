package io.anytask.shell.internal.command;

import io.anytask.client.TaskClient;
import io.anytask.shell.internal.NamedServices;
import io.anytask.shell.internal.Tables;
import io.anytask.shell.internal.Tables.ClientRow;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code task:clients}: each {@link TaskClient} service with its pool and totals. */
@Service
@Command(scope = "task", name = "clients", description = "Lists the TaskClient services: endpoint, worker "
        + "connections (connecting, idle, busy), pending checkouts and totals (calls, errors, timeouts, "
        + "worker deaths).")
public class ClientsCommand implements Action {

    @Reference
    BundleContext context;

    @Option(name = "--no-format", description = "Tab-separated output, without borders")
    boolean noFormat;

    @Override
    public Object execute() {
        try (NamedServices<TaskClient> clients = NamedServices.lookUp(context, TaskClient.class, "client")) {
            Tables.clients(clients.all().stream()
                    .map(c -> new ClientRow(c.name(), c.endpoint(), c.service().stats()))
                    .collect(Collectors.toList()))
                    .print(System.out, !noFormat);
        }
        return null;
    }
}
