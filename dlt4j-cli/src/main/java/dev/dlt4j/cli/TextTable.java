package dev.dlt4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders rows as an aligned text table, as {@code psql} does: a header, a rule, one line per row,
 * numbers right-aligned, each cell cut at {@link #MAX_CELL} characters (with {@code …}) and line
 * breaks shown as {@code \n}, so that one row is one line.
 */
final class TextTable {
    static final int MAX_CELL = 60;

    private TextTable() {
    }

    static String render(List<String> columns, List<Map<String, Object>> rows) {
        int n = columns.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            width[i] = columns.get(i).length();
            numeric[i] = !rows.isEmpty();
        }
        for (Map<String, Object> row : rows) {
            String[] line = new String[n];
            for (int i = 0; i < n; i++) {
                Object v = row.get(columns.get(i));
                line[i] = cell(v);
                width[i] = Math.max(width[i], line[i].length());
                numeric[i] &= v == null || v instanceof Number;
            }
            cells.add(line);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? " " : " | ").append(pad(columns.get(i), width[i], false));
        }
        sb.append('\n');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : "+").append("-".repeat(width[i] + 2));
        }
        sb.append('\n');
        for (String[] line : cells) {
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? " " : " | ").append(pad(line[i], width[i], numeric[i]));
            }
            sb.append('\n');
        }
        return sb.toString().lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n");
    }

    static String cell(Object v) {
        String s = v == null ? "" : v instanceof byte[] b ? "\\x" + java.util.HexFormat.of().formatHex(b) : v.toString();
        s = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
