package dev.dlt4j.normalize;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dlt's {@code parse_iso_like_datetime}: pendulum's ISO 8601 parser (its Rust implementation,
 * which dlt runs), then, when that fails, pendulum's "common" format
 * ({@code 2024/01/15 10:30}, {@code 2024 10:30} …). The result is what Python would get: a
 * date-time ({@link LocalDateTime} when naive, {@link OffsetDateTime} with an offset), a
 * {@link LocalDate}, a time ({@link LocalTime} / {@link OffsetTime}), or empty when Python
 * raises (bad field values, durations, intervals, anything else). Ported rather than approximated
 * with {@code java.time} formatters, because which strings become timestamps decides column types.
 */
final class IsoDateTime {
    /** pendulum.parsing.COMMON; Python's {@code \d} matches any Unicode decimal digit. */
    private static final Pattern COMMON = Pattern.compile("(?<date>(?<year>\\d{4})((?:[/:])?(?<month>\\d{2})"
            + "(?:[/:])?(?<day>\\d{2}))?)?(?<time> ?(?<hour>\\d{1,2}):(?<minute>\\d{1,2})?(?::(?<second>\\d{1,2}))?"
            + "(?:[.|,](?<subsecond>\\d{1,9}))?)?", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int MAX_OFFSET_SECONDS = 18 * 3600; // java.time's limit
    private static final int PYTHON_OFFSET_LIMIT_SECONDS = 24 * 3600; // Python's timezone takes less than this

    private final String src;
    private int idx;
    private boolean failed;

    private IsoDateTime(String src) {
        this.src = src;
    }

    /** The parsed value, or {@code null} where Python raises. */
    static Temporal parse(String s) {
        Temporal t = new IsoDateTime(s).iso8601();
        return t != null ? t : common(s);
    }

    // ---- pendulum's Rust parse_iso8601 (rust/src/parsing.rs), datetime part ----

    private char cur() {
        return idx < src.length() ? src.charAt(idx) : '\0';
    }

    private boolean end() {
        return idx >= src.length();
    }

    /** Exactly {@code n} ASCII digits, or -1 (and the parse fails). */
    private int integer(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = cur();
            if (end() || c < '0' || c > '9') {
                failed = true;
                return -1;
            }
            v = v * 10 + (c - '0');
            idx++;
        }
        return v;
    }

    private Temporal iso8601() {
        if (src.isEmpty() || cur() == 'P') {
            return null; // a duration (not a date) or an error: Python raises either way
        }
        Fields f = new Fields();
        if (cur() == 'T') {
            if (!time(f, false) || !end()) {
                return null;
            }
            return f.build();
        }
        int first = integer(2);
        if (failed) {
            return null;
        }
        if (cur() == ':') {
            f.hour = first;
            f.extendedDate = true;
            if (!time(f, true) || !end()) {
                return null;
            }
            return f.build();
        }
        f.hasDate = true;
        int second = integer(2);
        if (failed) {
            return null;
        }
        f.year = first * 100 + second;
        if (cur() == '-') {
            idx++;
            f.extendedDate = true;
            if (cur() == 'W') {
                idx++;
                int week = integer(2);
                int day = 1;
                if (!failed && !end() && cur() != ' ' && cur() != 'T') {
                    if (cur() != '-') {
                        return null;
                    }
                    idx++;
                    day = integer(1);
                }
                if (failed || !isoWeek(f, week, day)) {
                    return null;
                }
            } else {
                f.month = integer(2);
                if (failed) {
                    return null;
                }
                if (!end() && cur() != ' ' && cur() != 'T') {
                    if (cur() == '-') {
                        idx++;
                        f.day = integer(2);
                    } else {
                        int digit = integer(1);
                        if (failed || !ordinal(f, f.year, f.month * 10 + digit, false)) {
                            return null;
                        }
                    }
                } else {
                    f.day = 1;
                }
            }
        } else if (cur() == 'W') {
            idx++;
            int week = integer(2);
            int day = 1;
            if (!failed && !end() && cur() != ' ' && cur() != 'T') {
                day = integer(1);
            }
            if (failed || !isoWeek(f, week, day)) {
                return null;
            }
        } else {
            f.month = integer(2);
            int digit = integer(1);
            if (failed) {
                return null;
            }
            if (end() || cur() == ' ' || cur() == 'T') {
                if (!ordinal(f, f.year, f.month * 10 + digit, false)) {
                    return null;
                }
            } else {
                f.day = digit * 10 + integer(1);
            }
        }
        if (failed) {
            return null;
        }
        if (!end() && !time(f, false)) {
            return null;
        }
        // what remains is an interval ("…/…", which dlt cannot use) or junk: Python raises for both
        return end() ? f.build() : null;
    }

    private boolean time(Fields f, boolean skipHour) {
        if (!skipHour) {
            if (cur() != 'T' && cur() != ' ') {
                return false;
            }
            idx++;
            f.hour = integer(2);
            if (failed) {
                return false;
            }
        }
        f.hasTime = true;
        if (!end() && cur() != 'Z' && cur() != '+' && cur() != '-') {
            if (cur() == ':') {
                idx++;
                f.minute = integer(2);
                if (failed) {
                    return false;
                }
                if (!end() && cur() != 'Z' && cur() != '+' && cur() != '-') {
                    if (cur() != ':') {
                        return false;
                    }
                    idx++;
                    f.second = integer(2);
                    if (failed || !fraction(f)) {
                        return false;
                    }
                    if (!f.extendedDate) {
                        return false; // basic date with extended time
                    }
                }
            } else {
                f.minute = integer(2);
                if (failed) {
                    return false;
                }
                if (!end() && cur() != 'Z' && cur() != '+' && cur() != '-') {
                    f.second = integer(2);
                    if (failed || !fraction(f)) {
                        return false;
                    }
                }
                if (f.extendedDate) {
                    return false; // extended date with basic time
                }
            }
        }
        if (cur() == 'Z') {
            f.offsetSeconds = 0;
            idx++;
        } else if (cur() == '+' || cur() == '-') {
            int sign = cur() == '+' ? 1 : -1;
            idx++;
            int hours = integer(2);
            if (failed) {
                return false;
            }
            if (cur() == ':') {
                idx++;
            }
            int minutes = end() ? 0 : integer(2);
            if (failed) {
                return false;
            }
            int total = (minutes + hours * 60) * sign;
            if (total > 24 * 60) {
                return false;
            }
            f.offsetSeconds = total * 60;
        }
        return true;
    }

    /** Optional {@code .f} or {@code ,f}: up to 6 digits kept, further digits dropped. */
    private boolean fraction(Fields f) {
        if (cur() != '.' && cur() != ',') {
            return true;
        }
        idx++;
        int micros = 0;
        int i = 0;
        while (i < 6) {
            char c = cur();
            if (c >= '0' && c <= '9') {
                micros = micros * 10 + (c - '0');
            } else if (i == 0) {
                return false;
            } else {
                break;
            }
            idx++;
            i++;
        }
        while (cur() >= '0' && cur() <= '9') {
            idx++;
        }
        for (; i < 6; i++) {
            micros *= 10;
        }
        f.micros = micros;
        return true;
    }

    private boolean isoWeek(Fields f, int week, int day) {
        if (week > 53 || (week > 52 && !isLongYear(f.year)) || day > 7) {
            return false;
        }
        int ordinal = week * 7 + day - (LocalDate.of(Math.max(f.year, 1), 1, 4).getDayOfWeek().getValue() + 3);
        return ordinal(f, f.year, ordinal, true);
    }

    private static boolean isLongYear(int year) {
        return p(year) % 7 == 4 || p(year - 1) % 7 == 3;
    }

    private static int p(int y) {
        return y + y / 4 - y / 100 + y / 400;
    }

    /** Day {@code ordinal} of {@code year}; a week date may reach one year back or forward. */
    private static boolean ordinal(Fields f, int year, int ordinal, boolean allowOutOfBounds) {
        int daysInYear = java.time.Year.isLeap(year) ? 366 : 365;
        if ((ordinal < 1 || ordinal > daysInYear) && !allowOutOfBounds) {
            return false;
        }
        if (year < 1) {
            return false;
        }
        try {
            LocalDate d = LocalDate.of(year, 1, 1).plusDays(ordinal - 1L);
            if (d.getYear() < 1 || d.getYear() > 9999) {
                return false;
            }
            f.year = d.getYear();
            f.month = d.getMonthValue();
            f.day = d.getDayOfMonth();
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The fields parsed so far; {@link #build()} validates them as Python's datetime does. */
    private static final class Fields {
        int year;
        int month = 1;
        int day = 1;
        int hour;
        int minute;
        int second;
        int micros;
        Integer offsetSeconds;
        boolean hasDate;
        boolean hasTime;
        boolean extendedDate;

        Temporal build() {
            return IsoDateTime.build(hasDate, hasTime, year, month, day, hour, minute, second, micros,
                    offsetSeconds);
        }
    }

    private static Temporal build(boolean hasDate, boolean hasTime, int year, int month, int day, int hour,
            int minute, int second, int micros, Integer offsetSeconds) {
        try {
            if (hasDate && (year < 1 || year > 9999)) {
                return null; // Python's MINYEAR/MAXYEAR
            }
            if (offsetSeconds != null && Math.abs(offsetSeconds) >= PYTHON_OFFSET_LIMIT_SECONDS) {
                return null;
            }
            // an offset java.time cannot hold (18-24 h, which Python takes) is applied here: the value is
            // returned at UTC, the same instant (callers use only the instant, or the UTC time of day)
            int shift = offsetSeconds != null && Math.abs(offsetSeconds) > MAX_OFFSET_SECONDS ? offsetSeconds : 0;
            ZoneOffset offset = offsetSeconds == null ? null
                    : shift != 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(offsetSeconds);
            if (hasDate && hasTime) {
                LocalDateTime dt = LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
                return offset == null ? dt : OffsetDateTime.of(dt.minusSeconds(shift), offset);
            }
            if (hasDate) {
                return LocalDate.of(year, month, day);
            }
            if (hasTime) {
                LocalTime t = LocalTime.of(hour, minute, second, micros * 1000);
                return offset == null ? t : OffsetTime.of(t.minusSeconds(shift), offset);
            }
            return null;
        } catch (DateTimeException e) {
            return null; // hour 24, day 31 in a 30-day month …: Python's datetime raises
        }
    }

    // ---- pendulum.parsing._parse_common, dlt's fallback ----

    private static Temporal common(String s) {
        Matcher m = COMMON.matcher(s);
        if (!m.matches()) {
            return null;
        }
        boolean hasDate = m.group("date") != null;
        int year = 0;
        int month = 1;
        int day = 1;
        if (hasDate) {
            year = Integer.parseInt(m.group("year"));
            if (m.group("month") != null) {
                month = Integer.parseInt(m.group("month"));
                day = Integer.parseInt(m.group("day"));
            }
        }
        if (m.group("time") == null) {
            return build(true, false, year, month, day, 0, 0, 0, 0, null); // year 0 when no date: raises
        }
        if (m.group("minute") == null) {
            return null; // int(None) raises in pendulum
        }
        int hour = Integer.parseInt(m.group("hour"));
        int minute = Integer.parseInt(m.group("minute"));
        int second = m.group("second") != null ? Integer.parseInt(m.group("second")) : 0;
        int micros = 0;
        if (m.group("subsecond") != null) {
            String sub = m.group("subsecond");
            sub = sub.length() > 6 ? sub.substring(0, 6) : sub;
            micros = Integer.parseInt((sub + "000000").substring(0, 6));
        }
        return build(hasDate, true, year, month, day, hour, minute, second, micros, null);
    }
}
