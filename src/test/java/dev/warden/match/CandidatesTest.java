package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CandidatesTest {
    private static final Candidates TWO = Candidates.of(new int[] {50, 10}, new int[] {60, 20}); // [10,20] and [50,60]

    @Test
    void rangesThatShareAPointOverlap() {
        assertTrue(TWO.anyOverlapping(0, 100));  // encloses both
        assertTrue(TWO.anyOverlapping(12, 15));  // lies within one
        assertTrue(TWO.anyOverlapping(0, 10));   // touches the start
        assertTrue(TWO.anyOverlapping(20, 30));  // touches the end
        assertTrue(TWO.anyOverlapping(55, 70));
    }

    @Test
    void rangesBetweenOrBeyondDoNotOverlap() {
        assertFalse(TWO.anyOverlapping(0, 9));
        assertFalse(TWO.anyOverlapping(21, 49));
        assertFalse(TWO.anyOverlapping(61, 1000));
    }

    @Test
    void aLongEarlyCandidateStillCountsAfterShortOnes() {
        Candidates c = Candidates.of(new int[] {0, 5, 8}, new int[] {100, 6, 9});
        assertTrue(c.anyOverlapping(50, 60)); // only [0,100] overlaps
        assertFalse(Candidates.of(new int[] {5, 8}, new int[] {6, 9}).anyOverlapping(50, 60));
    }

    @Test
    void rangesWithoutAPlaceAreLeftOut() {
        Candidates c = Candidates.of(new int[] {-1}, new int[] {-1});
        assertTrue(c.isEmpty());
        assertFalse(c.anyOverlapping(0, 1000));
    }
}
