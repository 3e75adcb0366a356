package dev.dlt4j.source.filesystem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How CSV text becomes values, decided per column for each page of records (as pandas, which dlt's
 * {@code read_csv} uses, decides per chunk):
 * <ul>
 *   <li>an empty field is {@code null};
 *   <li>a column whose values are all integers ({@code -12}, {@code 0}, {@code 42}) that fit 64 bits
 *       yields {@code Long}s; an integer with a leading zero ({@code 007}, {@code 02134}) is not one,
 *       so zip codes and ids keep their zeros (where pandas would drop them);
 *   <li>a column of integers and decimals ({@code 1.5}, {@code -.5}, {@code 2e10}) yields {@code Double}s;
 *   <li>a column of {@code true}/{@code false} (any case) yields {@code Boolean}s;
 *   <li>any other column keeps its text, which the normalizer's {@code iso_timestamp} detection
 *       still turns into timestamps when it holds ISO date-times.
 * </ul>
 * Once a table has a column's type, later pages are coerced to it by the normalizer (a page of
 * {@code 3} into a {@code double} column is {@code 3.0}).
 */
final class CsvTypes {
    private CsvTypes() {
    }

    private static final int NONE = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int BOOL = 3;
    private static final int TEXT = 4;

    static List<Map<String, Object>> rows(List<String> header, List<String[]> records) {
        int width = header.size();
        int[] kinds = new int[width];
        for (int col = 0; col < width; col++) {
            int kind = NONE;
            for (String[] r : records) {
                String v = r[col];
                if (v.isEmpty()) {
                    continue;
                }
                int k = kindOf(v);
                kind = join(kind, k);
                if (kind == TEXT) {
                    break;
                }
            }
            kinds[col] = kind;
        }
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        for (String[] r : records) {
            Map<String, Object> row = new LinkedHashMap<>(width * 2);
            for (int col = 0; col < width; col++) {
                String v = r[col];
                row.put(header.get(col), v.isEmpty() ? null : value(v, kinds[col]));
            }
            rows.add(row);
        }
        return rows;
    }

    private static int join(int a, int b) {
        if (a == NONE || a == b) {
            return b;
        }
        if ((a == LONG && b == DOUBLE) || (a == DOUBLE && b == LONG)) {
            return DOUBLE;
        }
        return TEXT;
    }

    private static Object value(String v, int kind) {
        return switch (kind) {
            case LONG -> Long.parseLong(v);
            case DOUBLE -> Double.parseDouble(v);
            case BOOL -> v.length() == 4;
            default -> v;
        };
    }

    static int kindOf(String v) {
        int n = v.length();
        if (n == 4 && v.equalsIgnoreCase("true") || n == 5 && v.equalsIgnoreCase("false")) {
            return BOOL;
        }
        int i = 0;
        if (v.charAt(0) == '-' || v.charAt(0) == '+') {
            i++;
        }
        int digitsStart = i;
        while (i < n && isDigit(v.charAt(i))) {
            i++;
        }
        int intDigits = i - digitsStart;
        if (i == n) {
            if (intDigits == 0) {
                return TEXT;
            }
            if (intDigits > 1 && v.charAt(digitsStart) == '0') {
                return TEXT; // 007: an identifier, not a number
            }
            if (intDigits > 19 || (intDigits == 19 && !fitsLong(v))) {
                return TEXT;
            }
            return LONG;
        }
        int fracDigits = 0;
        if (v.charAt(i) == '.') {
            i++;
            int f = i;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
            }
            fracDigits = i - f;
        }
        if (intDigits + fracDigits == 0) {
            return TEXT;
        }
        if (intDigits > 1 && v.charAt(digitsStart) == '0') {
            return TEXT;
        }
        if (i < n && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
            i++;
            if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
                i++;
            }
            int e = i;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
            }
            if (i == e) {
                return TEXT;
            }
        }
        if (i != n) {
            return TEXT;
        }
        return Double.isInfinite(Double.parseDouble(v)) ? TEXT : DOUBLE;
    }

    private static boolean fitsLong(String v) {
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
