package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTimelineTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void linesOfBothSidesAreInTimeOrderFromTheEarliestStartAndTimersAreBarsOnOneScale() throws Exception {
        JsonNode caller = json("{\"start\": 100.0, \"end\": 0.010, \"logs\": [[0.0, 30, \"caller starts\"],"
                + " [0.010, 30, \"caller ends\"]], \"timers\": [[\"checkout\", 0.0, 0.010]]}");
        JsonNode worker = json("{\"start\": 100.002, \"logs\": [[0.001, 20, \"slow\", {\"n\": 1}]],"
                + " \"timers\": [[\"hash\", 0.0, 0.004]]}");
        List<String> lines = LogTimeline.render(List.of(new LogTimeline.Source("caller", caller),
                new LogTimeline.Source("worker", worker)));
        assertEquals(List.of(
                "       ms  who     level  message",
                "    0.000  caller  info   caller starts",
                "    3.000  worker  warn   slow {\"n\":1}",
                "   10.000  caller  info   caller ends",
                "timers, 0 to 10.0 ms:",
                "  checkout  |========================================|     0.000 to   10.000 ms",
                "  hash      |        ================                |     2.000 to    6.000 ms"), lines);
    }

    @Test
    void anOpenTimerIsOneCellAndUnknownLevelsAreShownAsNumbers() throws Exception {
        JsonNode log = json("{\"start\": 5.0, \"logs\": [[0.002, 35, \"odd\"]], \"timers\": [[\"open\", 0.001]]}");
        List<String> lines = LogTimeline.render(List.of(new LogTimeline.Source("worker", log)));
        assertEquals("    2.000  worker  35     odd", lines.get(1));
        assertEquals("  open  |" + " ".repeat(20) + "=" + " ".repeat(19) + "|     1.000 to    1.000 ms",
                lines.get(3));
    }
}
