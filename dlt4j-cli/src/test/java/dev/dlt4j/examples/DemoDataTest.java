package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generators follow DATASETS.md to the character. */
class DemoDataTest {
    @Test
    void timestampsAreFormattedAsTheDatasetSays() {
        for (long i = 0; i < 5_000; i += 7) {
            assertThat(DemoData.timestamp(2024, i)).isEqualTo(String.format(Locale.ROOT, "%d-%02d-%02dT%02d:%02d:%02dZ",
                    2024, (i % 12) + 1, (i % 28) + 1, i % 24, i % 60, (i * 7) % 60));
        }
    }

    @Test
    void flatRowHasTheTenFieldsOfTheDataset() {
        Map<String, Object> row = DemoData.flat(3);

        assertThat(row).containsExactly(Map.entry("id", 3L), Map.entry("name", "name_3"),
                Map.entry("email", "user3@example.com"), Map.entry("country", "PL"), Map.entry("amount", 3 * 0.37),
                Map.entry("score", 3 / 7.0), Map.entry("active", false), Map.entry("created_at", "2024-04-04T03:03:21Z"),
                Map.entry("quantity", 3), new java.util.AbstractMap.SimpleEntry<>("note", null));
    }

    @Test
    void pagesCoverTheRequestedRange() {
        var pages = DemoData.pages(10, 25, 10, DemoData::flat);
        long first = -1;
        int rows = 0;
        while (pages.hasNext()) {
            var page = pages.next();
            if (first < 0) {
                first = (Long) page.get(0).get("id");
            }
            rows += page.size();
        }
        assertThat(first).isEqualTo(10);
        assertThat(rows).isEqualTo(25);
    }
}
