package io.anytask.shell.internal.command;

import io.anytask.server.TaskServer;
import io.anytask.shell.internal.NamedServices;
import io.anytask.shell.internal.Tables;
import io.anytask.shell.internal.Tables.WorkerRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code task:workers [SERVER]}: the worker JVMs of one server, or of every server. */
@Service
@Command(scope = "task", name = "workers", description = "Lists the worker JVMs of a TaskServer service (of "
        + "every one without SERVER): number, PID, state, age and checkouts served (- when the server cannot tell).")
public class WorkersCommand implements Action {

    @Reference
    BundleContext context;

    @Argument(index = 0, name = "server", description = "The server's name; all servers when left out")
    @Completion(ServerNameCompleter.class)
    String server;

    @Option(name = "--no-format", description = "Tab-separated output, without borders")
    boolean noFormat;

    @Override
    public Object execute() {
        try (NamedServices<TaskServer> servers = NamedServices.lookUp(context, TaskServer.class, "server")) {
            List<NamedServices.Entry<TaskServer>> chosen = server == null ? servers.all()
                    : List.of(servers.named(server));
            List<WorkerRow> rows = new ArrayList<>();
            for (NamedServices.Entry<TaskServer> entry : chosen) {
                entry.service().listWorkers().forEach(w -> rows.add(new WorkerRow(entry.name(), w)));
            }
            Tables.workers(rows, server == null, Instant.now()).print(System.out, !noFormat);
        }
        return null;
    }
}
