package io.anytask.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines are as Java 25 and the server wrote them before the JVM options per JDK (issue 13). */
class JvmWarningsTest {
    @Test
    void theJdksWarningsAreFoundAlsoInAWorkersPrefixedLines() {
        String output = String.join("\n",
                "WARNING: A restricted method in java.lang.System has been called",
                "WARNING: Use --enable-native-access=org.newsclub.net.unix to avoid a warning for callers in this module",
                "[bcrypt#1] [0.001s][warning][cds] Cannot handle shared archive file version 0xb. Must be at least 0xd.",
                "[bcrypt#1] [0.001s][error  ][cds] Not a valid shared archive file (worker.jsa)",
                "[sql#2] WARNING: sun.misc.Unsafe::staticFieldOffset will be removed in a future release",
                "OpenJDK 64-Bit Server VM warning: Options -Xverify:none and -noverify were deprecated");
        assertEquals(6, JvmWarnings.in(output).size(), JvmWarnings.in(output).toString());
    }

    @Test
    void anytasksOwnLinesAndOrdinaryOutputAreNotJvmWarnings() {
        String output = String.join("\n",
                "2026-11-30 17:14:46.473 WARN worker forked#2 exited with code 4",
                "2026-11-30 17:14:46.475 INFO server forked stopped",
                "[bcrypt#1] anytask worker: idle warm-up failed after 3 rounds: java.io.IOException: x",
                "   verify on a worker: the right password true, a wrong one false",
                "[worker#1] WARNING-free line mentioning WARNING: in the middle");
        assertEquals(List.of(), JvmWarnings.in(output));
    }
}
