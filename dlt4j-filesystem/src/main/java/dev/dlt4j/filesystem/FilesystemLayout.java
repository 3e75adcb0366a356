package dev.dlt4j.filesystem;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dlt's file layout, e.g. {@code {table_name}/{load_id}.{file_id}.{ext}}: where a job file goes
 * inside the dataset folder. Checked once when built: it must contain {@code {table_name}}, only
 * {@code {schema_name}} may come before it, and a literal separator must follow it (the path up
 * to that separator is the table's prefix, which {@code replace} empties). A layout without
 * {@code {ext}} gets {@code .{ext}} appended, as dlt's docs say. Time placeholders take the load
 * package's creation time (its load id) and, like every value, are lower-cased.
 */
record FilesystemLayout(String pattern) {
    static final String DEFAULT = "{table_name}/{load_id}.{file_id}.{ext}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    static final List<String> PLACEHOLDERS = List.of("schema_name", "table_name", "load_id", "file_id", "ext",
            "timestamp", "timestamp_ms", "load_package_timestamp", "load_package_timestamp_ms", "curr_date",
            "YYYY", "YY", "Y", "MMMM", "MMM", "MM", "M", "DD", "D", "HH", "H", "mm", "m", "ss", "s", "SSSS", "SSS",
            "SS", "S", "dddd", "ddd", "dd", "d", "Q");
    private static final Set<String> KNOWN = Set.copyOf(PLACEHOLDERS);

    FilesystemLayout {
        Matcher m = PLACEHOLDER.matcher(pattern);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw new IllegalArgumentException("file layout '" + pattern + "' has unknown placeholder {"
                        + m.group(1) + "}; allowed: {" + String.join("}, {", PLACEHOLDERS) + "}");
            }
            found.add(m.group(1));
        }
        int table = pattern.indexOf("{table_name}");
        if (table < 0) {
            throw new IllegalArgumentException("file layout '" + pattern + "' must contain {table_name}");
        }
        Matcher before = PLACEHOLDER.matcher(pattern.substring(0, table));
        while (before.find()) {
            if (!before.group(1).equals("schema_name")) {
                throw new IllegalArgumentException("file layout '" + pattern + "': only {schema_name} may come"
                        + " before {table_name}, found {" + before.group(1) + "}");
            }
        }
        int after = table + "{table_name}".length();
        if (after >= pattern.length() || pattern.charAt(after) == '{') {
            throw new IllegalArgumentException("file layout '" + pattern + "': {table_name} must be followed by a"
                    + " separator such as '/' or '.', so that one table's files are told apart from another's");
        }
        if (!found.contains("ext")) {
            pattern = pattern + ".{ext}";
        }
    }

    /** The path of a job file, relative to the dataset folder, with '/' as separator. */
    String path(String schemaName, String tableName, String loadId, String fileId, String ext) {
        Instant created = packageTime(loadId);
        ZonedDateTime t = created.atZone(ZoneOffset.UTC);
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = switch (m.group(1)) {
                case "schema_name" -> schemaName;
                case "table_name" -> tableName;
                case "load_id" -> loadId;
                case "file_id" -> fileId;
                case "ext" -> ext;
                case "timestamp", "load_package_timestamp" -> Long.toString(created.getEpochSecond());
                case "timestamp_ms", "load_package_timestamp_ms" -> Long.toString(created.toEpochMilli());
                case "curr_date" -> t.toLocalDate().toString();
                case "YYYY", "Y" -> String.format(Locale.ROOT, "%04d", t.getYear());
                case "YY" -> String.format(Locale.ROOT, "%02d", t.getYear() % 100);
                case "MMMM" -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case "MMM" -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case "MM" -> String.format(Locale.ROOT, "%02d", t.getMonthValue());
                case "M" -> Integer.toString(t.getMonthValue());
                case "DD" -> String.format(Locale.ROOT, "%02d", t.getDayOfMonth());
                case "D" -> Integer.toString(t.getDayOfMonth());
                case "HH" -> String.format(Locale.ROOT, "%02d", t.getHour());
                case "H" -> Integer.toString(t.getHour());
                case "mm" -> String.format(Locale.ROOT, "%02d", t.getMinute());
                case "m" -> Integer.toString(t.getMinute());
                case "ss" -> String.format(Locale.ROOT, "%02d", t.getSecond());
                case "s" -> Integer.toString(t.getSecond());
                case "SSSS" -> fraction(t, 4);
                case "SSS" -> fraction(t, 3);
                case "SS" -> fraction(t, 2);
                case "S" -> fraction(t, 1);
                case "dddd" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case "ddd" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case "dd" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).substring(0, 2);
                case "d" -> Integer.toString(t.getDayOfWeek().getValue() % 7); // pendulum: Sunday is 0
                case "Q" -> Integer.toString((t.getMonthValue() - 1) / 3 + 1);
                default -> throw new IllegalStateException(m.group(1));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(v.toLowerCase(Locale.ROOT)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The start of every path of one table's files, up to and including the separator after its name. */
    String tablePrefix(String schemaName, String tableName) {
        int end = pattern.indexOf("{table_name}") + "{table_name}".length() + 1;
        return pattern.substring(0, end).replace("{schema_name}", schemaName.toLowerCase(Locale.ROOT))
                .replace("{table_name}", tableName.toLowerCase(Locale.ROOT));
    }

    private static String fraction(ZonedDateTime t, int digits) {
        return String.format(Locale.ROOT, "%09d", t.getNano()).substring(0, digits);
    }

    /** A load id is the package's creation time in Unix seconds; anything else falls back to now. */
    static Instant packageTime(String loadId) {
        try {
            BigDecimal seconds = new BigDecimal(loadId);
            long s = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(s)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(s, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            return Instant.now();
        }
    }
}
