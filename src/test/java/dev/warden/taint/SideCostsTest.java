package dev.warden.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SideCostsTest {
    @Test
    void eachSideIsTriedFirstUntilBothHaveDataThenTheOneThatRulesFilesOutSoonerLeads() {
        SpecMatches.SideCosts costs = new SpecMatches.SideCosts();
        // the sinks always empty the file (so the sources are never matched after them), yet the
        // sources are tried first in turn: they may empty it for less
        int sourcesTried = 0;
        for (int file = 0; file < 8; file++) {
            boolean sources = costs.sourcesFirst();
            if (sources) sourcesTried++;
            costs.record(sources, sources ? 1_000 : 50_000, true); // both always empty; the sources cost less
        }
        assertEquals(4, sourcesTried);
        assertTrue(costs.sourcesFirst());
        // the other way round: sinks rule files out for less
        SpecMatches.SideCosts other = new SpecMatches.SideCosts();
        for (int file = 0; file < 8; file++) {
            boolean sources = other.sourcesFirst();
            other.record(sources, sources ? 50_000 : 1_000, true);
        }
        assertFalse(other.sourcesFirst());
    }
}
