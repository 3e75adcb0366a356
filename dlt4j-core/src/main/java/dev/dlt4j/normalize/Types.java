package dev.dlt4j.normalize;

import dev.dlt4j.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Type inference and coercion of normalized values, following dlt's rules: the {@code iso_timestamp}
 * detector for strings, Java types to dlt types, and the coercion table used when a value meets a
 * column that already has a type. A value that cannot be coerced yields {@link #NO_FIT}.
 */
final class Types {
    /** Returned by {@link #coerce} when the value does not fit the type. */
    static final Object NO_FIT = new Object();
    /** Integers beyond 64 bits that fit in 38 digits become DECIMAL(38,0); longer ones TEXT. */
    static final int MAX_DECIMAL_DIGITS = 38;

    private Types() {
    }

    /** The dlt type of a value seen for the first time in a column ({@code null} for null). */
    static DataType infer(Object v) {
        if (v instanceof String s) {
            return parseTimestamp(s) != null ? DataType.TIMESTAMP : DataType.TEXT;
        }
        if (v instanceof Long) {
            return DataType.BIGINT;
        }
        if (v instanceof Double) {
            return DataType.DOUBLE;
        }
        if (v instanceof Boolean) {
            return DataType.BOOL;
        }
        if (v instanceof BigDecimal) {
            return DataType.DECIMAL;
        }
        if (v instanceof BigInteger bi) {
            return bi.abs().toString().length() <= MAX_DECIMAL_DIGITS ? DataType.DECIMAL : DataType.TEXT;
        }
        if (v instanceof Instant) {
            return DataType.TIMESTAMP;
        }
        if (v instanceof LocalDate) {
            return DataType.DATE;
        }
        if (v instanceof LocalTime) {
            return DataType.TIME;
        }
        if (v instanceof byte[]) {
            return DataType.BINARY;
        }
        if (v instanceof Map || v instanceof List) {
            return DataType.JSON;
        }
        return null;
    }

    /**
     * The dlt type a value counts as when it meets a column of another type, and the one its variant
     * column is named after: the value's own type, without string detection (dlt's
     * {@code py_type_to_sc_type}); an integer beyond 64 bits is a Python int, so {@code bigint}.
     */
    static DataType ownType(Object v) {
        if (v instanceof String) {
            return DataType.TEXT;
        }
        if (v instanceof BigInteger) {
            return DataType.BIGINT;
        }
        return infer(v);
    }

    /**
     * The value in the representation the load writers expect for {@code type}, or {@link #NO_FIT};
     * {@code null} when the value becomes null (JSON text {@code null} into a json column). This is
     * dlt's coercion table ({@code type_helpers._COERCE_DISPATCH}) pair by pair: whatever is not in
     * it does not fit: a bool never becomes a number, a decimal never a timestamp.
     */
    static Object coerce(Object v, DataType type) {
        DataType from = ownType(v);
        if (from == type || (type == DataType.WEI && from == DataType.DECIMAL)) {
            if (v instanceof BigInteger bi && type == DataType.BIGINT) {
                return fitsLong(bi) ? (Object) bi.longValue() : NO_FIT;
            }
            return v;
        }
        try {
            switch (type) {
                case TEXT:
                    return toText(v, from);
                case BINARY:
                    if (v instanceof String s) {
                        return textToBinary(s);
                    }
                    if (from == DataType.BIGINT) {
                        return bigintToBinary(bigInteger(v));
                    }
                    return NO_FIT;
                case BIGINT:
                    if (v instanceof String s) {
                        BigInteger bi = textToBigInteger(s);
                        return bi != null && fitsLong(bi) ? (Object) bi.longValue() : NO_FIT;
                    }
                    if (v instanceof Double d) {
                        // Python: value % 1 != 0 raises; int() of an integral double is exact
                        if (d.isNaN() || d.isInfinite() || d != Math.rint(d)) {
                            return NO_FIT;
                        }
                        return d >= -0x1p63 && d < 0x1p63 ? (Object) d.longValue() : NO_FIT;
                    }
                    if (v instanceof BigDecimal d) {
                        return d.stripTrailingZeros().scale() <= 0 && fitsLong(d.toBigInteger())
                                ? (Object) d.longValueExact() : NO_FIT;
                    }
                    return NO_FIT;
                case DOUBLE:
                    if (v instanceof String s) {
                        return textToDouble(s);
                    }
                    if (from == DataType.BIGINT || from == DataType.DECIMAL) {
                        double d = v instanceof BigDecimal bd ? bd.doubleValue() : bigInteger(v).doubleValue();
                        return Double.isInfinite(d) ? NO_FIT : (Object) d; // Python: OverflowError
                    }
                    return NO_FIT;
                case DECIMAL:
                case WEI:
                    if (v instanceof String s) {
                        return textToDecimal(s);
                    }
                    if (from == DataType.BIGINT) {
                        BigInteger bi = bigInteger(v);
                        return bi.abs().toString().length() <= MAX_DECIMAL_DIGITS ? new BigDecimal(bi) : NO_FIT;
                    }
                    if (v instanceof Double d) {
                        // Decimal(float) is the double's exact value; the destination rounds it to the scale
                        return d.isNaN() || d.isInfinite() ? NO_FIT : new BigDecimal(d);
                    }
                    return NO_FIT;
                case BOOL:
                    if (v instanceof String s) {
                        return textToBool(s);
                    }
                    if (v instanceof Double d) {
                        return d != 0.0; // Python: bool(nan) is True too
                    }
                    if (from == DataType.BIGINT) {
                        return bigInteger(v).signum() != 0;
                    }
                    if (v instanceof BigDecimal d) {
                        return d.signum() != 0;
                    }
                    return NO_FIT;
                case JSON:
                    return v instanceof String s ? textToJson(s) : NO_FIT;
                case TIMESTAMP:
                    if (v instanceof String s) {
                        return textToTimestamp(s);
                    }
                    if (v instanceof LocalDate d) {
                        return d.atStartOfDay().toInstant(ZoneOffset.UTC);
                    }
                    if (from == DataType.BIGINT || v instanceof Double) {
                        Instant i = fromTimestamp(v);
                        return i == null ? NO_FIT : i;
                    }
                    return NO_FIT;
                case DATE:
                    if (v instanceof String s) {
                        Object ts = textToTimestamp(s);
                        return ts == NO_FIT ? NO_FIT : toInstant(ts).atOffset(ZoneOffset.UTC).toLocalDate();
                    }
                    if (v instanceof Instant i) {
                        return i.atOffset(ZoneOffset.UTC).toLocalDate();
                    }
                    if (from == DataType.BIGINT || v instanceof Double) {
                        Instant i = fromTimestamp(v);
                        return i == null ? NO_FIT : i.atOffset(ZoneOffset.UTC).toLocalDate();
                    }
                    return NO_FIT;
                case TIME:
                    return v instanceof String s ? textToTime(s) : NO_FIT;
                default:
                    return NO_FIT;
            }
        } catch (RuntimeException e) {
            return NO_FIT; // a conversion Python would raise ValueError for
        }
    }

    private static boolean fitsLong(BigInteger bi) {
        return bi.bitLength() < 64;
    }

    private static BigInteger bigInteger(Object v) {
        return v instanceof BigInteger bi ? bi : BigInteger.valueOf((Long) v);
    }

    /** dlt's {@code _text_fallback}: JSON's string encoding where it has one, else Python's {@code str}. */
    private static Object toText(Object v, DataType from) {
        if (v instanceof Map || v instanceof List) {
            return jsonText(v);
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return pythonRepr(d);
        }
        if (v instanceof BigDecimal d) {
            return d.toString(); // Python's str(Decimal) follows the same decimal spec as toString
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof Instant i) {
            return isoformat(i);
        }
        if (v instanceof LocalTime t) {
            int micros = t.getNano() / 1000;
            return String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond())
                    + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros));
        }
        return v.toString(); // integers, dates
    }

    /** Python's {@code datetime.isoformat()} of a UTC date-time: microseconds only when not zero. */
    private static String isoformat(Instant i) {
        LocalDateTime t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        String base = t.withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        int micros = t.getNano() / 1000;
        return base + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros)) + "+00:00";
    }

    private static Object textToBinary(String s) {
        if (s.startsWith("0x")) {
            // bytes.fromhex skips whitespace between byte pairs
            return java.util.HexFormat.of().parseHex(s.substring(2).replaceAll("\\s+", ""));
        }
        // b64decode(validate=True): only the alphabet, padded to a multiple of 4
        if (s.length() % 4 != 0 || !s.matches("[A-Za-z0-9+/]*={0,2}")) {
            return NO_FIT;
        }
        return Base64.getDecoder().decode(s);
    }

    /** {@code int.to_bytes((bit_length + 7) // 8, "little")}; negative numbers overflow. */
    private static Object bigintToBinary(BigInteger bi) {
        if (bi.signum() < 0) {
            return NO_FIT;
        }
        byte[] big = bi.toByteArray();
        int n = (bi.bitLength() + 7) / 8;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    /** Python's {@code int(s.strip())}, or {@code int(s[2:], 16)} after a {@code 0x}; null if it raises. */
    private static BigInteger textToBigInteger(String s) {
        String t = pythonStrip(s);
        if (t.startsWith("0x")) {
            return pythonInt(t.substring(2), 16);
        }
        return pythonInt(t, 10);
    }

    /** Python's {@code int(text, radix)}: sign, digits (any Unicode decimal digits) with single underscores. */
    private static BigInteger pythonInt(String text, int radix) {
        Matcher m = (radix == 16 ? PY_HEX_INT : PY_INT).matcher(pythonStrip(text));
        if (!m.matches()) {
            return null;
        }
        return new BigInteger(m.group(1) + asciiDigits(m.group(2).replace("_", "")), radix);
    }

    /** Any Unicode decimal digits as ASCII ones; code points, so digits beyond the BMP (math bold) count too. */
    private static String asciiDigits(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c > 127 && Character.isDigit(c)) {
                out.append((char) ('0' + Character.digit(c, 10)));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * Python's {@code str.strip()}: removes what Python calls whitespace, which is more than Java's
     * {@code strip()} (no-break spaces, U+0085, U+001C-U+001F), so a no-break space and 7 is the number 7 in dlt.
     */
    static String pythonStrip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** {@code Py_UNICODE_ISSPACE}: every whitespace character is in the BMP. */
    private static boolean isPythonSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= ' ') || c == '\u0085' || c == '\u00a0'
                || c == '\u1680' || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029'
                || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    private static final Pattern PY_INT = Pattern.compile("([+-]?)(\\d+(?:_\\d+)*)", Pattern.UNICODE_CHARACTER_CLASS);
    // int(x, 16) accepts its own 0x prefix too, so "0x0x1f" is 31 in dlt
    private static final Pattern PY_HEX_INT = Pattern.compile("([+-]?)(?:0[xX]_?)?([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)");
    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d+(?:_\\d+)*)?\\.\\d+(?:_\\d+)*|\\d+(?:_\\d+)*\\.?)(?:[eE][+-]?\\d+(?:_\\d+)*)?",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PY_FLOAT_SPECIAL = Pattern.compile("[+-]?(?:inf|infinity|nan)",
            Pattern.CASE_INSENSITIVE);

    /** Python's {@code float(s.strip())} (or of a {@code 0x} hex integer); Java-only forms like {@code 1.5f} do not fit. */
    private static Object textToDouble(String s) {
        String t = pythonStrip(s);
        if (t.startsWith("0x")) {
            BigInteger bi = pythonInt(t.substring(2), 16);
            if (bi == null) {
                return NO_FIT;
            }
            double d = bi.doubleValue();
            return Double.isInfinite(d) ? NO_FIT : (Object) d;
        }
        Double d = pythonFloat(t);
        return d == null ? NO_FIT : d;
    }

    private static Double pythonFloat(String text) {
        String t = pythonStrip(text);
        if (PY_FLOAT_SPECIAL.matcher(t).matches()) {
            String l = t.toLowerCase(Locale.ROOT);
            boolean negative = l.startsWith("-");
            return l.endsWith("nan") ? Double.NaN : negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!PY_FLOAT.matcher(t).matches()) {
            return null;
        }
        return Double.parseDouble(asciiDigits(t.replace("_", "")));
    }

    /** Python's {@code Decimal(s.strip())} or of a {@code 0x} hex integer. */
    private static Object textToDecimal(String s) {
        String t = pythonStrip(s);
        if (t.startsWith("0x")) {
            BigInteger bi = pythonInt(t.substring(2), 16);
            return bi == null || bi.abs().toString().length() > MAX_DECIMAL_DIGITS ? NO_FIT : new BigDecimal(bi);
        }
        if (!PY_FLOAT.matcher(t).matches()) {
            return NO_FIT; // NaN and Infinity are Decimals in Python, but no destination column holds them
        }
        return new BigDecimal(asciiDigits(t.replace("_", "")));
    }

    /** dlt's {@code str2bool}: no trimming, case-insensitive. */
    private static Object textToBool(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "t", "y", "1":
                return Boolean.TRUE;
            case "no", "false", "f", "n", "0":
                return Boolean.FALSE;
            default:
                return NO_FIT;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_READER =
            new com.fasterxml.jackson.databind.ObjectMapper().enable(
                    com.fasterxml.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS);

    /**
     * {@code json.loads}. An object or array fits; JSON {@code null} becomes null. A bare scalar
     * ({@code 5}, {@code "x"}) would be a scalar json value in dlt, which the load formats cannot
     * all write to a json column (PostgreSQL's insert_values, csv), so it goes to a variant instead.
     */
    private static Object textToJson(String s) {
        try {
            Object o = JSON_READER.readValue(s, Object.class);
            if (o == null) {
                return null;
            }
            return o instanceof Map || o instanceof List ? o : NO_FIT;
        } catch (java.io.IOException e) {
            return NO_FIT;
        }
    }

    /**
     * dlt's {@code ensure_pendulum_datetime_non_utc} of a string: an ISO date-time (naive is UTC), a
     * date at midnight UTC, else the string as a number of Unix seconds; a time alone does not fit.
     */
    private static Object textToTimestamp(String s) {
        Object canonical = parseTimestamp(s);
        if (canonical != null) {
            return canonical;
        }
        java.time.temporal.Temporal t = IsoDateTime.parse(s);
        if (t instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (t != null) {
            return NO_FIT; // a time; date-times were taken by parseTimestamp
        }
        Double d = pythonFloat(s);
        if (d == null) {
            return NO_FIT;
        }
        Instant i = fromTimestamp(d);
        return i == null ? NO_FIT : i;
    }

    /** {@code ensure_pendulum_time}: an ISO time; one with an offset is moved to UTC. */
    private static Object textToTime(String s) {
        java.time.temporal.Temporal t = IsoDateTime.parse(s);
        if (t instanceof LocalTime lt) {
            return lt;
        }
        if (t instanceof java.time.OffsetTime ot) {
            return ot.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
        }
        return NO_FIT;
    }

    /**
     * {@code pendulum.from_timestamp}: Unix seconds to UTC, rounded half-even to microseconds as
     * Python's {@code datetime.fromtimestamp} does; {@code null} outside Python's years 1-9999.
     */
    static Instant fromTimestamp(Object seconds) {
        BigDecimal s;
        if (seconds instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return null;
            }
            s = new BigDecimal(d);
        } else {
            s = new BigDecimal(bigInteger(seconds));
        }
        BigInteger micros = s.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigInteger[] qr = micros.divideAndRemainder(BigInteger.valueOf(1_000_000));
        if (qr[0].compareTo(MIN_SECONDS) < 0 || qr[0].compareTo(MAX_SECONDS) > 0) {
            return null;
        }
        return Instant.ofEpochSecond(qr[0].longValue(), qr[1].longValue() * 1000);
    }

    private static final BigInteger MIN_SECONDS = BigInteger.valueOf(-62135596800L); // 0001-01-01T00:00:00Z
    private static final BigInteger MAX_SECONDS = BigInteger.valueOf(253402300799L); // 9999-12-31T23:59:59Z

    static Instant toInstant(Object ts) {
        return ts instanceof Instant i ? i : Instant.parse((String) ts);
    }

    /**
     * dlt's {@code iso_timestamp} detector: a string that dlt's ISO parser reads as a date-time
     * (see {@link IsoDateTime}; a date alone stays text). Returns the string itself when it is
     * already in the canonical UTC form DuckDB and PostgreSQL read ({@code 2024-01-31T12:00:00[.ffffff]Z}),
     * which saves a parse and a format per value; otherwise the UTC {@code Instant} (a naive
     * date-time is UTC, as in dlt); {@code null} when it is not a date-time.
     */
    static Object parseTimestamp(String s) {
        int n = s.length();
        if (n == 0) {
            return null;
        }
        if (n >= 20 && n <= 27 && s.charAt(10) == 'T' && s.charAt(n - 1) == 'Z' && canonical(s)) {
            return s;
        }
        java.time.temporal.Temporal t = IsoDateTime.parse(s);
        if (t instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (t instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z} with plausible field values (years 0001-9999, as Python's). */
    private static boolean canonical(String s) {
        int n = s.length();
        if (!(isDigit(s, 0) && isDigit(s, 1) && isDigit(s, 2) && isDigit(s, 3) && s.charAt(4) == '-'
                && isDigit(s, 5) && isDigit(s, 6) && s.charAt(7) == '-' && isDigit(s, 8) && isDigit(s, 9)
                && isDigit(s, 11) && isDigit(s, 12) && s.charAt(13) == ':' && isDigit(s, 14) && isDigit(s, 15)
                && s.charAt(16) == ':' && isDigit(s, 17) && isDigit(s, 18))) {
            return false;
        }
        if (num(s, 0) == 0 && num(s, 2) == 0) {
            return false; // year 0
        }
        int month = num(s, 5);
        int day = num(s, 8);
        if (month < 1 || month > 12 || day < 1 || day > 28 || num(s, 11) > 23 || num(s, 14) > 59
                || num(s, 17) > 59) {
            return false; // days 29-31 take the slow path, which checks the month length
        }
        if (n == 20) {
            return true;
        }
        if (s.charAt(19) != '.' || n < 22 || n > 27) { // up to microseconds: dlt drops further digits
            return false;
        }
        for (int i = 20; i < n - 1; i++) {
            if (!isDigit(s, i)) {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int i) {
        return (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
    }

    private static boolean isDigit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9';
    }

    /** dlt's {@code json.dumps} of a nested value: compact JSON, as the writers write json columns. */
    private static String jsonText(Object v) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            CsvEncoder.writeJson(g, v);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON_FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * Python's {@code repr(float)}: the shortest digits that read back as the same double, fixed
     * notation for decimal exponents -4..15 ({@code 1e+16}, {@code 1e-05} otherwise).
     */
    static String pythonRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.digits * 10^decpt
        String sign = d < 0 ? "-" : "";
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                return sign + "0." + "0".repeat(-decpt) + digits;
            }
            if (decpt >= digits.length()) {
                return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
            }
            return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
        }
        int exp = decpt - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }
}
