package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index must answer exactly as comparing every pair would, for nested, overlapping and equal ranges. */
class RangeIndexTest {
    @Test
    void answersAsComparingEveryPair() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<RuleEngine.Ranged> ranges = new ArrayList<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                int start = random.nextInt(100), end = start + random.nextInt(30);
                ranges.add(new RuleEngine.Ranged(start, end, Map.of()));
            }
            RangeIndex index = new RangeIndex(ranges);
            for (int q = 0; q < 50; q++) {
                int start = random.nextInt(110), end = start + random.nextInt(20);
                boolean containing = false, overlapping = false, same = false;
                for (RuleEngine.Ranged x : ranges) {
                    containing |= x.start() <= start && end <= x.end();
                    overlapping |= x.start() < end && start < x.end();
                    same |= x.start() == start && x.end() == end;
                }
                assertEquals(containing, index.anyContaining(start, end, x -> true), "containing " + start + "-" + end + " in " + ranges);
                assertEquals(overlapping, index.anyOverlapping(start, end, x -> true), "overlapping " + start + "-" + end + " in " + ranges);
                int s = start, e = end;
                assertEquals(same, index.anyContaining(start, end, x -> x.start() == s && x.end() == e), "same " + start + "-" + end);
            }
        }
    }
}
