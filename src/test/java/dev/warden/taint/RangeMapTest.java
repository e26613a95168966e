package dev.warden.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeMapTest {
    @Test
    void behavesAsAHashMapThroughGrowthAndClears() {
        RangeMap<String> map = new RangeMap<>();
        Map<Long, String> expected = new HashMap<>();
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 500; i++) {
                // ranges of a file, and the extreme keys (start 0, end 0; negative longs)
                long key = i % 50 == 0 ? -i : SpecMatches.key(random.nextInt(2000), random.nextInt(2000));
                String value = "v" + round + "-" + i;
                if (i % 3 == 0) {
                    map.merge(key, value, String::concat);
                    expected.merge(key, value, String::concat);
                } else {
                    map.put(key, value);
                    expected.put(key, value);
                }
            }
            for (Map.Entry<Long, String> e : expected.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
            assertNull(map.get(SpecMatches.key(5000, 5001)));
            assertEquals("none", map.getOrDefault(SpecMatches.key(5000, 5001), "none"));
            map.clear();
            expected.clear();
            assertTrue(map.isEmpty());
            assertFalse(map.containsKey(SpecMatches.key(0, 0)));
        }
        map.computeIfAbsent(SpecMatches.key(0, 0), k -> "zero");
        assertEquals("zero", map.computeIfAbsent(SpecMatches.key(0, 0), k -> "again"));
        assertTrue(map.containsKey(SpecMatches.key(0, 0)));
    }
}
