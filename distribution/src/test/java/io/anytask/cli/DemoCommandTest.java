package io.anytask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code anytask demo}'s options (the demo itself runs in DistributionIT). */
class DemoCommandTest {

    @Test
    void defaultsAndBothValueForms() {
        DemoCommand demo = new Parsed().command(DemoCommand.class, "demo");
        assertEquals(2, demo.workers);
        assertEquals(8, demo.hashes);
        assertEquals(10, demo.cost);
        assertFalse(demo.verbose);
        demo = new Parsed().command(DemoCommand.class, "demo", "--workers=3", "--hashes", "50", "--cost=4",
                "--verbose");
        assertEquals(3, demo.workers);
        assertEquals(50, demo.hashes);
        assertEquals(4, demo.cost);
        assertTrue(demo.verbose);
    }

    @Test
    void helpShowsTheDefaults() {
        Parsed p = new Parsed();
        assertEquals(0, p.run("demo", "--help"));
        assertTrue(p.out().contains("worker JVMs per server, 1 to 16 (default: 2)"), p.out());
        assertTrue(p.out().contains("1 to 1000 (default: 8)"), p.out());
        assertTrue(p.out().contains("4 to 16; each step doubles the time (default: 10)"), p.out());
    }

    @Test
    void valuesOutOfRangeExitWith2() {
        Parsed p = new Parsed();
        assertEquals(2, p.run("demo", "--workers", "17"));
        assertEquals(List.of("anytask demo: --workers: 17 (expected: 1 to 16)",
                "Run 'anytask demo --help' for the options."), p.errLines());
        p = new Parsed();
        assertEquals(2, p.run("demo", "--cost", "3"));
        assertEquals("anytask demo: --cost: 3 (expected: 4 to 16)", p.errLines().get(0));
        p = new Parsed();
        assertEquals(2, p.run("demo", "--workers", "two"));
        assertEquals("anytask demo: Invalid value for option '--workers': 'two' is not an int", p.errLines().get(0));
    }
}
