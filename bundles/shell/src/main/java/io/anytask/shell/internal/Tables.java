package io.anytask.shell.internal;

import io.anytask.client.ClientStats;
import io.anytask.server.HandOffMode;
import io.anytask.server.TaskServer;
import io.anytask.server.WorkerCounts;
import io.anytask.server.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * The tables the {@code task:*} list commands print, made from plain values so that they can be checked without a
 * container. Numbers are right-aligned; a value that does not exist is {@code -}.
 */
public final class Tables {

    /**
     * One client of {@code task:clients}.
     *
     * @param name     the service's name
     * @param endpoint the endpoint it connects to
     * @param stats    its pool and totals
     */
    public record ClientRow(String name, String endpoint, ClientStats stats) {
    }

    /**
     * One server of {@code task:servers}.
     *
     * @param name          the server's name
     * @param endpoint      the endpoint it listens on
     * @param interfaceName the interface its workers serve
     * @param handOff       how connections reach workers
     * @param workers       its workers by state
     */
    public record ServerRow(String name, String endpoint, String interfaceName, HandOffMode handOff,
                            WorkerCounts workers) {

        /**
         * @param server a running server
         * @return its row, read now
         */
        public static ServerRow of(TaskServer server) {
            return new ServerRow(server.config().name(), server.endpoint().toString(),
                    server.config().interfaceName(), server.handOffMode(), server.workers());
        }
    }

    /**
     * One worker of {@code task:workers}.
     *
     * @param server the name of the server it belongs to
     * @param worker the worker
     */
    public record WorkerRow(String server, WorkerInfo worker) {
    }

    private Tables() {
    }

    /**
     * @param clients the clients, in the order to print
     * @return the table of {@code task:clients}
     */
    public static ShellTable clients(List<ClientRow> clients) {
        ShellTable table = new ShellTable().emptyTableText("no TaskClient service");
        table.column("Name");
        table.column("Endpoint");
        for (String number : List.of("Connecting", "Idle", "Busy", "Pending", "Calls", "Errors", "Timeouts",
                "Deaths")) {
            table.column(number).alignRight();
        }
        for (ClientRow client : clients) {
            ClientStats s = client.stats();
            table.addRow().addContent(client.name(), client.endpoint(), s.workersConnecting(), s.workersIdle(),
                    s.workersBusy(), s.pendingCheckouts(), s.calls(), s.errors(), s.timeouts(), s.workerDeaths());
        }
        return table;
    }

    /**
     * @param servers the servers, in the order to print
     * @return the table of {@code task:servers}: the ready count includes the warm workers; waiting counts the
     *     clients accepted and waiting for a worker
     */
    public static ShellTable servers(List<ServerRow> servers) {
        ShellTable table = new ShellTable().emptyTableText("no TaskServer service");
        table.column("Name");
        table.column("Endpoint");
        table.column("Interface");
        table.column("Hand-off");
        for (String number : List.of("Booting", "Ready", "Warm", "Busy", "Waiting")) {
            table.column(number).alignRight();
        }
        for (ServerRow server : servers) {
            WorkerCounts w = server.workers();
            table.addRow().addContent(server.name(), server.endpoint(), server.interfaceName(),
                    lower(server.handOff()), w.booting(), w.ready(), w.warm(), w.busy(), w.waitingClients());
        }
        return table;
    }

    /**
     * @param workers    the workers, in the order to print
     * @param withServer true to add a first column with each worker's server
     * @param now        the instant ages are measured to
     * @return the table of {@code task:workers}
     */
    public static ShellTable workers(List<WorkerRow> workers, boolean withServer, Instant now) {
        ShellTable table = new ShellTable().emptyTableText("no worker");
        if (withServer) {
            table.column("Server");
        }
        table.column("Number").alignRight();
        table.column("PID").alignRight();
        table.column("State");
        table.column("Age").alignRight();
        table.column("Renewals").alignRight();
        table.column("Checkouts served").alignRight();
        for (WorkerRow row : workers) {
            WorkerInfo w = row.worker();
            String served = w.checkoutsServed().isPresent() ? Long.toString(w.checkoutsServed().getAsLong()) : "-";
            Object[] cells = {w.number(), w.pid(), lower(w.state()), age(w.age(now)), w.renewals(), served};
            if (withServer) {
                Object[] withName = new Object[cells.length + 1];
                withName[0] = row.server();
                System.arraycopy(cells, 0, withName, 1, cells.length);
                cells = withName;
            }
            table.addRow().addContent(cells);
        }
        return table;
    }

    /**
     * An age in at most two units: {@code 42s}, {@code 3m05s}, {@code 2h03m}, {@code 4d07h}.
     *
     * @param age a duration, not negative
     * @return its short text
     */
    public static String age(Duration age) {
        long s = age.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
