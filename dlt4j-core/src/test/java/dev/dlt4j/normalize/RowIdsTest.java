package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.JobFileName;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The row ids the normalizer makes: dlt's format, and child ids unchanged by the per-list hashing. */
class RowIdsTest {
    @Test
    void idsAreUrlSafeBase64OfTenBytesWithoutPadding() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] bytes = new byte[10];
        for (int i = 0; i < 10_000; i++) {
            random.nextBytes(bytes);
            assertThat(RelationalNormalizer.encodeId(bytes))
                    .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).hasSize(14);
        }
    }

    @Test
    void childIdsAreTheHashOfParentIdTableAndIndex() {
        Map<String, List<Map<String, Object>>> written = new HashMap<>();
        RelationalNormalizer normalizer = new RelationalNormalizer(Schema.empty("ids"), new NamingConvention(
                Integer.MAX_VALUE), "1700000000.1", table -> new Collecting(written.computeIfAbsent(table,
                        t -> new ArrayList<>())));
        for (int r = 0; r < 3; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", (long) r);
            row.put("tags", List.of("a", "b", "c"));
            row.put("pairs", List.of(List.of(1L, 2L), List.of(3L)));
            normalizer.normalizeRoot("items", row);
        }
        int checked = 0;
        for (Map.Entry<String, List<Map<String, Object>>> table : written.entrySet()) {
            if (table.getKey().equals("items")) {
                continue;
            }
            for (Map<String, Object> child : table.getValue()) {
                String expected = referenceChildId((String) child.get("_dlt_parent_id"), table.getKey(),
                        ((Long) child.get("_dlt_list_idx")).intValue());
                assertThat(child.get("_dlt_id")).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3 * (3 + 2 + 3)); // tags, pairs, pairs__list
    }

    /** The child id as the normalizer computed it before it hashed each list's common prefix once. */
    private static String referenceChildId(String parentId, String childTable, int idx) {
        long h1 = 0x9E3779B97F4A7C15L;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        for (String part : new String[] {parentId, "_", childTable, "_"}) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                h1 = mix(h1 ^ c);
                h2 = mix(h2 + c * 0x94D049BB133111EBL);
            }
        }
        h1 = mix(h1 ^ idx);
        h2 = mix(h2 + idx);
        byte[] b = new byte[10];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (h1 >>> (8 * i));
        }
        b[8] = (byte) h2;
        b[9] = (byte) (h2 >>> 8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Keeps each row as a map of column name to value. */
    private static final class Collecting implements TableFileWriter {
        private final List<Map<String, Object>> rows;
        private Map<String, Object> current;

        Collecting(List<Map<String, Object>> rows) {
            this.rows = rows;
        }

        @Override
        public void beginRow() {
            current = new LinkedHashMap<>();
        }

        @Override
        public void value(Column column, Object value) {
            current.put(column.name(), value);
        }

        @Override
        public void endRow() {
            rows.add(current);
        }

        @Override
        public long rows() {
            return rows.size();
        }

        @Override
        public void touch() {
        }

        @Override
        public List<JobFileName> files() {
            return List.of();
        }

        @Override
        public Map<JobFileName, Long> rowsPerFile() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }
}
