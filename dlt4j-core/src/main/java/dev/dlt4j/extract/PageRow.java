package dev.dlt4j.extract;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a {@link ColumnPage} as the row-wise parts of extract see it (an incremental cursor,
 * boundary deduplication): its values by column name, read from the page's columns without
 * copying. {@link #select} makes the page of the rows such a part kept.
 */
record PageRow(ColumnPage page, int row) {
    /** The value of column {@code name} ({@code null} for null), or {@link ValueEncoder#MISSING}. */
    Object value(String name) {
        List<Column> columns = page.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).name().equals(name)) {
                return page.get(c, row);
            }
        }
        return ValueEncoder.MISSING;
    }

    /** The row's values by column name, sorted, for hashing. */
    Map<String, Object> fields() {
        Map<String, Object> out = new TreeMap<>();
        List<Column> columns = page.columns();
        for (int c = 0; c < columns.size(); c++) {
            out.put(columns.get(c).name(), page.get(c, row));
        }
        return out;
    }

    /** The page of {@code page}'s rows at {@code rows} (ascending), with the same columns. */
    static ColumnPage select(ColumnPage page, int[] rows, int count) {
        ColumnPage.Builder b = ColumnPage.builder();
        page.columns().forEach(b::column);
        int n = page.columns().size();
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < n; c++) {
                b.set(c, page.get(c, rows[i]));
            }
            b.endRow();
        }
        return b.build();
    }
}
