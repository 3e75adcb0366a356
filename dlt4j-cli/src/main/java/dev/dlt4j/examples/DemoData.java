package dev.dlt4j.examples;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Deterministic generators of the benchmark datasets of {@code ../shared/bench/DATASETS.md}: the
 * NESTED issues of a code-hosting site (the demo) and the FLAT rows. Row {@code i} is always the
 * same, so every run and every tool loads exactly the same data. It lives with the command line
 * ({@code dlt4j demo}), and the bench module uses it from here: the CLI never depends on the bench.
 */
public final class DemoData {
    private static final String[] COUNTRIES = {"DE", "US", "FR", "PL", "BR", "IN", "JP", "ZA"};
    private static final String[][] LABELS = {{"bug", "d73a4a"}, {"enhancement", "a2eeef"},
        {"question", "d876e3"}, {"documentation", "0075ca"}, {"good first issue", "7057ff"},
        {"wontfix", "ffffff"}};
    static final String BODY = "Steps to reproduce: run the pipeline with the default configuration and a large"
            + " input; the normalizer stalls after the first load package. Expected: all rows are loaded. Actual:"
            + " the process hangs. Version info attached below.";

    private DemoData() {
    }

    /** Issue number {@code i} of the NESTED dataset. */
    public static Map<String, Object> issue(long i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", i);
        row.put("number", i % 100000);
        row.put("title", "Issue " + i + ": pipeline fails on large input");
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("login", "user" + (i % 5000));
        user.put("id", i % 5000);
        user.put("site_admin", i % 50 == 0);
        row.put("user", user);
        List<Object> labels = new ArrayList<>(3);
        for (int k = 0; k < 3; k++) {
            int l = (int) ((i + k) % 6);
            Map<String, Object> label = new LinkedHashMap<>();
            label.put("id", 1000 + l);
            label.put("name", LABELS[l][0]);
            label.put("color", LABELS[l][1]);
            labels.add(label);
        }
        row.put("labels", labels);
        List<Object> assignees = new ArrayList<>(2);
        assignees.add(assignee(i % 97));
        assignees.add(assignee((i + 13) % 97));
        row.put("assignees", assignees);
        row.put("created_at", timestamp(2023, i));
        row.put("body", BODY);
        Map<String, Object> reactions = new LinkedHashMap<>();
        long p1 = i % 7, m1 = i % 3, laugh = i % 5, hooray = i % 2, heart = i % 4, rocket = i % 9, eyes = i % 6;
        reactions.put("+1", p1);
        reactions.put("-1", m1);
        reactions.put("laugh", laugh);
        reactions.put("hooray", hooray);
        reactions.put("confused", 0L);
        reactions.put("heart", heart);
        reactions.put("rocket", rocket);
        reactions.put("eyes", eyes);
        reactions.put("total_count", p1 + m1 + laugh + hooray + heart + rocket + eyes);
        row.put("reactions", reactions);
        return row;
    }

    private static Map<String, Object> assignee(long k) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("login", "dev" + k);
        a.put("id", 50000 + k);
        a.put("site_admin", false);
        return a;
    }

    /** Row {@code i} of the FLAT dataset. */
    public static Map<String, Object> flat(long i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", i);
        row.put("name", "name_" + i);
        row.put("email", "user" + i + "@example.com");
        row.put("country", COUNTRIES[(int) (i % 8)]);
        row.put("amount", i * 0.37);
        row.put("score", (i % 1000) / 7.0);
        row.put("active", i % 2 == 0);
        row.put("created_at", timestamp(2024, i));
        row.put("quantity", (int) (i % 1000));
        row.put("note", i % 3 == 0 ? null : "note " + i);
        return row;
    }

    /** {@code "%d-%02d-%02dT%02d:%02d:%02dZ"} without {@code String.format}, which would dominate the extract profile. */
    public static String timestamp(int year, long i) {
        char[] c = new char[20];
        c[0] = (char) ('0' + year / 1000);
        c[1] = (char) ('0' + year / 100 % 10);
        c[2] = (char) ('0' + year / 10 % 10);
        c[3] = (char) ('0' + year % 10);
        c[4] = '-';
        two(c, 5, (i % 12) + 1);
        c[7] = '-';
        two(c, 8, (i % 28) + 1);
        c[10] = 'T';
        two(c, 11, i % 24);
        c[13] = ':';
        two(c, 14, i % 60);
        c[16] = ':';
        two(c, 17, (i * 7) % 60);
        c[19] = 'Z';
        return new String(c);
    }

    private static void two(char[] c, int at, long v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }

    /** Pages of {@code pageSize} rows made by {@code row}, for {@code rows} rows in all. */
    public static Iterator<List<Map<String, Object>>> pages(long rows, int pageSize,
            java.util.function.LongFunction<Map<String, Object>> row) {
        return pages(0, rows, pageSize, row);
    }

    /** Pages of rows {@code first} to {@code first + rows - 1}. */
    public static Iterator<List<Map<String, Object>>> pages(long first, long rows, int pageSize,
            java.util.function.LongFunction<Map<String, Object>> row) {
        long end = first + rows;
        return new Iterator<>() {
            long next = first;

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public List<Map<String, Object>> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = (int) Math.min(pageSize, end - next);
                List<Map<String, Object>> page = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    page.add(row.apply(next++));
                }
                return page;
            }
        };
    }
}
