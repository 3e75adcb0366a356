package dev.dlt4j.bench;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.examples.DemoData;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Row {@code i} of the FLAT dataset as a Java record (the flat-records scenario) and pages of them
 * as typed {@link ColumnPage}s (flat-typed): the same values as {@link DemoData#flat}, so all three
 * load the same table; the record's camelCase {@code createdAt} normalizes to {@code created_at}.
 */
record FlatRow(long id, String name, String email, String country, double amount, double score, boolean active,
        String createdAt, int quantity, String note) {
    private static final String[] COUNTRIES = {"DE", "US", "FR", "PL", "BR", "IN", "JP", "ZA"};

    static FlatRow of(long i) {
        return new FlatRow(i, "name_" + i, "user" + i + "@example.com", COUNTRIES[(int) (i % 8)], i * 0.37,
                (i % 1000) / 7.0, i % 2 == 0, DemoData.timestamp(2024, i), (int) (i % 1000),
                i % 3 == 0 ? null : "note " + i);
    }

    /** Rows {@code first} .. {@code first + rows - 1} as typed pages of {@code pageSize}, built row by row. */
    static Iterator<ColumnPage> pages(long first, long rows, int pageSize) {
        return new Iterator<>() {
            long next = first;

            @Override
            public boolean hasNext() {
                return next < first + rows;
            }

            @Override
            public ColumnPage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ColumnPage.Builder b = ColumnPage.builder().column("id", DataType.BIGINT)
                        .column("name", DataType.TEXT).column("email", DataType.TEXT)
                        .column("country", DataType.TEXT).column("amount", DataType.DOUBLE)
                        .column("score", DataType.DOUBLE).column("active", DataType.BOOL)
                        .column("created_at", DataType.TEXT).column("quantity", DataType.BIGINT)
                        .column("note", DataType.TEXT);
                long end = Math.min(first + rows, next + pageSize);
                for (long i = next; i < end; i++) {
                    b.setLong(0, i).set(1, "name_" + i).set(2, "user" + i + "@example.com")
                            .set(3, COUNTRIES[(int) (i % 8)]).setDouble(4, i * 0.37).setDouble(5, (i % 1000) / 7.0)
                            .setBoolean(6, i % 2 == 0).set(7, DemoData.timestamp(2024, i)).setLong(8, i % 1000)
                            .set(9, i % 3 == 0 ? null : "note " + i).endRow();
                }
                next = end;
                return b.build();
            }
        };
    }
}
