package dev.dlt4j.bench;

import dev.dlt4j.bench.Variant.Dataset;
import dev.dlt4j.bench.Variant.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The standard benchmark scenarios of {@code DATASETS.md}; each expands into one or more variants. */
enum Scenario {
    FLAT_ROWS(1_000_000, "1M FLAT rows, one row per item"),
    FLAT_PAGES(1_000_000, "1M FLAT rows in pages of 1,000"),
    FLAT_RECORDS(1_000_000, "1M FLAT rows as Java records, one per item (the typed path)"),
    FLAT_TYPED(1_000_000, "1M FLAT rows as typed ColumnPages of 1,000"),
    NESTED_PAGES(200_000, "200k NESTED issues in pages of 1,000 (3 tables)"),
    PARALLEL(1_000_000, "4 resources x rows/4 FLAT in pages, fifo / round_robin / parallelized, 0 or 10 ms per page"),
    KNOBS(1_000_000, "flat-pages with buffer_max_items 100/5000/100000, normalize workers 1/2, compression on/off"),
    FORMATS(1_000_000, "flat-pages as jsonl / csv / insert_values / parquet; nested-pages (rows/5) with normalize"
            + " workers 1 and 2"),
    POSTGRES(1_000_000, "flat-pages into PostgreSQL through COPY ($DLT4J_BENCH_POSTGRES or"
            + " postgresql://postgres@127.0.0.1:5432/test)"),
    CEILING(1_000_000, "DuckDB alone ingesting FLAT rows and NESTED rows/5 from finished files"),
    FILES(1_000_000, "FLAT rows in 8 jsonl.gz and 8 csv files through the filesystem source; ceiling: DuckDB's"
            + " read_json / read_csv of the same files");

    /** The PostgreSQL server the postgres scenario loads into. */
    static String postgresUri() {
        String uri = System.getenv("DLT4J_BENCH_POSTGRES");
        return uri == null || uri.isBlank() ? "postgresql://postgres@127.0.0.1:5432/test" : uri;
    }

    static final int LATENCY_MS = 10;

    private final long defaultRows;
    private final String description;

    Scenario(long defaultRows, String description) {
        this.defaultRows = defaultRows;
        this.description = description;
    }

    /**
     * Run when no scenario is named. postgres needs a server, and formats spends minutes on
     * insert_values (DuckDB parsing a million rows of SQL), so they run only when named; so do
     * flat-records and flat-typed, which compare the typed path with flat-pages.
     */
    boolean inDefaultSet() {
        return this != POSTGRES && this != FORMATS && this != FILES && this != FLAT_RECORDS && this != FLAT_TYPED;
    }

    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    long defaultRows() {
        return defaultRows;
    }

    String description() {
        return description;
    }

    static Scenario named(String name) {
        for (Scenario s : values()) {
            if (s.cliName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown benchmark scenario '" + name + "'; choose from "
                + Stream.of(values()).map(Scenario::cliName).collect(Collectors.joining(", ")));
    }

    /** The variants measured for this scenario with {@code rows} rows (the ceiling has none: see {@link Ceiling}). */
    List<Variant> variants(long rows) {
        List<Variant> out = new ArrayList<>();
        switch (this) {
            case FLAT_ROWS -> out.add(Variant.of(this, Dataset.FLAT, rows, false));
            case FLAT_PAGES -> out.add(Variant.of(this, Dataset.FLAT, rows, true));
            case FLAT_RECORDS -> out.add(Variant.of(this, Dataset.FLAT, rows, false));
            case FLAT_TYPED -> out.add(Variant.of(this, Dataset.FLAT, rows, true));
            case NESTED_PAGES -> out.add(Variant.of(this, Dataset.NESTED, rows, true));
            case PARALLEL -> {
                for (int latency : new int[] {0, LATENCY_MS}) {
                    for (Mode m : Mode.values()) {
                        out.add(Variant.of(this, Dataset.FLAT, rows, true).parallel(4, m, latency)
                                .label(m.name().toLowerCase(Locale.ROOT) + (latency > 0 ? "+" + latency + "ms" : "")));
                    }
                }
            }
            case KNOBS -> {
                Variant base = Variant.of(this, Dataset.FLAT, rows, true);
                out.add(base.label("defaults"));
                out.add(base.knobs(100, 1, true).label("buffer_max_items=100"));
                out.add(base.knobs(100_000, 1, true).label("buffer_max_items=100000"));
                out.add(base.knobs(Variant.DEFAULT_BUFFER_MAX_ITEMS, 2, true).label("normalize_workers=2"));
                out.add(base.knobs(Variant.DEFAULT_BUFFER_MAX_ITEMS, 1, false).label("compression=off"));
            }
            case FORMATS -> {
                Variant flat = Variant.of(this, Dataset.FLAT, rows, true);
                for (String f : new String[] {"jsonl", "csv", "insert_values", "parquet"}) {
                    out.add(flat.format(f).label("flat/" + f));
                }
                out.add(flat.format("jsonl").withPlainJobs().label("flat/jsonl+plain"));
                out.add(flat.format("csv").withPlainJobs().label("flat/csv+plain"));
                long nested = Math.max(1, rows / 5);
                Variant n = Variant.of(this, Dataset.NESTED, nested, true).extractRotation(Math.max(1, nested / 4));
                out.add(n.knobs(Variant.DEFAULT_BUFFER_MAX_ITEMS, 1, true).label("nested/workers=1"));
                out.add(n.knobs(Variant.DEFAULT_BUFFER_MAX_ITEMS, 2, true).label("nested/workers=2"));
            }
            case POSTGRES -> {
                out.add(Variant.of(this, Dataset.FLAT, rows, true).destination(postgresUri()));
                // dlt's create_indexes = true makes COPY maintain a unique index on random _dlt_ids
                out.add(Variant.of(this, Dataset.FLAT, rows, true).destination(postgresUri())
                        .label(Variant.POSTGRES_NO_INDEXES));
            }
            case CEILING, FILES -> {
                // measured by Ceiling and FilesBench, not by a pipeline variant
            }
            default -> throw new IllegalStateException(name());
        }
        return out;
    }

    /** Finds a variant by {@link Variant#id()} for the forked JVM. */
    static Variant variant(String id, long rows) {
        String name = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
        for (Variant v : named(name).variants(rows)) {
            if (v.id().equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown benchmark variant '" + id + "'");
    }
}
