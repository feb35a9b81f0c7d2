package io.anytask.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anytask.client.ClientStats;
import io.anytask.server.HandOffMode;
import io.anytask.server.WorkerCounts;
import io.anytask.server.WorkerInfo;
import io.anytask.server.WorkerState;
import io.anytask.shell.internal.Tables.ClientRow;
import io.anytask.shell.internal.Tables.ServerRow;
import io.anytask.shell.internal.Tables.WorkerRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.junit.jupiter.api.Test;

class TablesTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void clientsShowEveryFigureInItsColumn() {
        ClientStats stats = new ClientStats(1, 2, 3, 4, 50, 6, 7, 8, 9);
        List<List<String>> rows = cells(Tables.clients(List.of(new ClientRow("hasher", "unix:/tmp/h.sock", stats))));
        assertEquals(List.of("Name", "Endpoint", "Connecting", "Idle", "Busy", "Pending", "Calls", "Errors",
                "Timeouts", "Deaths"), rows.get(0));
        assertEquals(List.of("hasher", "unix:/tmp/h.sock", "1", "2", "3", "4", "50", "6", "7", "8"), rows.get(1));
        assertEquals(2, rows.size());
    }

    @Test
    void serversShowHandOffAndWorkersByState() {
        ServerRow row = new ServerRow("s1", "tcp:127.0.0.1:7000", "conformance", HandOffMode.RELAY,
                new WorkerCounts(1, 3, 4, 2, 5));
        List<List<String>> rows = cells(Tables.servers(List.of(row)));
        assertEquals(List.of("Name", "Endpoint", "Interface", "Hand-off", "Booting", "Ready", "Warm", "Busy",
                "Waiting"), rows.get(0));
        assertEquals(List.of("s1", "tcp:127.0.0.1:7000", "conformance", "relay", "1", "3", "2", "4", "5"),
                rows.get(1));
    }

    @Test
    void workersOfOneServerHaveNoServerColumnAndADashForAnUnknownCount() {
        List<WorkerRow> workers = List.of(
                new WorkerRow("s1", new WorkerInfo(1, 4242, WorkerState.SERVING, NOW.minusSeconds(65),
                        OptionalLong.of(3), 12)),
                new WorkerRow("s1", new WorkerInfo(2, 4243, WorkerState.WARM, NOW.minusSeconds(2),
                        OptionalLong.empty(), 0)));
        List<List<String>> rows = cells(Tables.workers(workers, false, NOW));
        assertEquals(List.of("Number", "PID", "State", "Age", "Renewals", "Checkouts served"),
                rows.get(0));
        assertEquals(List.of("1", "4242", "serving", "1m05s", "12", "3"), rows.get(1));
        assertEquals(List.of("2", "4243", "warm", "2s", "0", "-"), rows.get(2));
    }

    @Test
    void workersOfAllServersNameTheirServer() {
        List<WorkerRow> workers = List.of(new WorkerRow("other", new WorkerInfo(7, 99, WorkerState.BOOTING,
                NOW, OptionalLong.of(0), 0)));
        List<List<String>> rows = cells(Tables.workers(workers, true, NOW));
        assertEquals("Server", rows.get(0).get(0));
        assertEquals(List.of("other", "7", "99", "booting", "0s", "0", "0"), rows.get(1));
    }

    @Test
    void emptyTablesSaySo() {
        assertTrue(text(Tables.clients(List.of()), true).contains("no TaskClient service"));
        assertTrue(text(Tables.servers(List.of()), true).contains("no TaskServer service"));
        assertTrue(text(Tables.workers(List.of(), true, NOW), true).contains("no worker"));
    }

    @Test
    void formattedTablesAlignNumbersRight() {
        ClientStats small = new ClientStats(0, 0, 0, 0, 5, 0, 0, 0, 0);
        ClientStats large = new ClientStats(0, 0, 0, 0, 12345, 0, 0, 0, 0);
        String[] lines = text(Tables.clients(List.of(new ClientRow("a", "unix:/a", small),
                new ClientRow("b", "unix:/b", large))), true).split("\n");
        int end = lines[3].indexOf("12345") + "12345".length();
        assertEquals('5', lines[2].charAt(end - 1), String.join("\n", lines));
        assertEquals(' ', lines[2].charAt(end - 2), String.join("\n", lines));
    }

    @Test
    void unformattedTablesAreTabSeparatedRowsWithoutHeader() {
        ClientStats stats = new ClientStats(1, 2, 3, 4, 50, 6, 7, 8, 9);
        String text = text(Tables.clients(List.of(new ClientRow("hasher", "unix:/tmp/h.sock", stats))), false);
        List<String> cells = Arrays.stream(text.strip().split("\t")).map(String::strip)
                .collect(Collectors.toList());
        assertEquals(List.of("hasher", "unix:/tmp/h.sock", "1", "2", "3", "4", "50", "6", "7", "8"), cells);
        assertEquals(1, text.strip().split("\n").length, text);
    }

    @Test
    void agesUseAtMostTwoUnits() {
        assertEquals("0s", Tables.age(Duration.ZERO));
        assertEquals("59s", Tables.age(Duration.ofMillis(59_999)));
        assertEquals("1m00s", Tables.age(Duration.ofSeconds(60)));
        assertEquals("59m59s", Tables.age(Duration.ofSeconds(3599)));
        assertEquals("1h00m", Tables.age(Duration.ofSeconds(3600)));
        assertEquals("23h59m", Tables.age(Duration.ofSeconds(86_399)));
        assertEquals("2d03h", Tables.age(Duration.ofHours(51)));
    }

    /** The cells of the formatted table, the header first (the line under the header left out). */
    private static List<List<String>> cells(ShellTable table) {
        List<String> lines = new ArrayList<>(Arrays.asList(text(table, true).split("\n")));
        assertTrue(lines.remove(1).matches("[─┼]+"), "a line under the header");
        return lines.stream()
                .map(line -> Arrays.stream(line.split("│")).map(String::strip).collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    private static String text(ShellTable table, boolean format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        table.print(out, StandardCharsets.UTF_8, format);
        return bytes.toString(StandardCharsets.UTF_8).replace("\r", "");
    }
}
