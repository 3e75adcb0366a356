package dev.dlt4j.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committer's merge of the cursors of a split run's partitions compares timestamp and date last
 * values as the values they are (as dlt's typed JSON stores them), not as their text.
 */
class IncrementalMergeTest {
    private static Map<String, Object> entry(String lastValue, String hash) {
        return Map.of("last_value", lastValue, "unique_hashes", List.of(hash));
    }

    private static Object merged(String function, Map<String, Object> first, Map<String, Object> second) {
        Map<String, Object> acc = IncrementalMerge.merge("events", null, Map.of("at", first), null,
                Map.of("at", function));
        return IncrementalMerge.merge("events", acc, Map.of("at", second), null, Map.of("at", function)).get("at");
    }

    @Test
    void timestampsOfDifferentOffsetsMergeByTheirInstantNotTheirText() {
        // as text "10:00+02:00" is after "09:00+00:00"; as instants 08:00Z is before 09:00Z
        Map<String, Object> east = entry(CursorValues.DATETIME + "2024-01-01T10:00:00+02:00", "east");
        Map<String, Object> utc = entry(CursorValues.DATETIME + "2024-01-01T09:00:00+00:00", "utc");
        assertThat(merged("max", east, utc)).isEqualTo(utc);
        assertThat(merged("max", utc, east)).isEqualTo(utc);
        assertThat(merged("min", utc, east)).isEqualTo(east);
    }

    @Test
    void oneInstantWrittenWithTwoOffsetsIsOneLastValueWithTheHashesOfBoth() {
        Map<String, Object> a = entry(CursorValues.DATETIME + "2024-01-01T10:00:00.000001+01:00", "a");
        Map<String, Object> b = entry(CursorValues.DATETIME + "2024-01-01T09:00:00.000001+00:00", "b");
        assertThat(((Map<?, ?>) merged("max", a, b)).get("unique_hashes")).isEqualTo(List.of("a", "b"));
        assertThat(((Map<?, ?>) merged("max", a, b)).get("last_value")).isEqualTo(a.get("last_value"));
    }

    @Test
    void datesMergeByValue() {
        Map<String, Object> jan = entry(CursorValues.DATE + "2024-01-31", "jan");
        Map<String, Object> feb = entry(CursorValues.DATE + "2024-02-01", "feb");
        assertThat(merged("max", feb, jan)).isEqualTo(feb);
        assertThat(merged("min", feb, jan)).isEqualTo(jan);
    }
}
