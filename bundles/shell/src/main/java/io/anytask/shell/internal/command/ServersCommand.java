package io.anytask.shell.internal.command;

import io.anytask.server.TaskServer;
import io.anytask.shell.internal.NamedServices;
import io.anytask.shell.internal.Tables;
import io.anytask.shell.internal.Tables.ServerRow;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code task:servers}: each {@link TaskServer} service with its workers by state. */
@Service
@Command(scope = "task", name = "servers", description = "Lists the TaskServer services: endpoint, interface, "
        + "hand-off mode, workers by state (booting, ready, of those warm, busy) and clients waiting for one.")
public class ServersCommand implements Action {

    @Reference
    BundleContext context;

    @Option(name = "--no-format", description = "Tab-separated output, without borders")
    boolean noFormat;

    @Override
    public Object execute() {
        try (NamedServices<TaskServer> servers = NamedServices.lookUp(context, TaskServer.class, "server")) {
            Tables.servers(servers.all().stream().map(s -> ServerRow.of(s.service())).collect(Collectors.toList()))
                    .print(System.out, !noFormat);
        }
        return null;
    }
}
