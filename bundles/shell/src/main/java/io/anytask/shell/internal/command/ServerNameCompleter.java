package io.anytask.shell.internal.command;

import io.anytask.server.TaskServer;
import io.anytask.shell.internal.NamedServices;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes the names of the {@code TaskServer} services. */
@Service
public class ServerNameCompleter implements Completer {

    @Reference
    BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = NamedServices.names(context, TaskServer.class);
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
