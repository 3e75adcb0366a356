package dev.dlt4j.extract;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cursor value that is ISO-8601 text (a date, or a date-time with or without an offset), with the
 * shape it was written in: separator, seconds, fraction digits, offset style. dlt's {@code lag.py}
 * moves such a value as a date-time and writes it back in the input's format, so text comparisons
 * with the rows (which share that format) stay right. Immutable.
 *
 * @param parsed a {@link LocalDate}, {@link OffsetDateTime} or {@link LocalDateTime}
 */
record IsoText(Temporal parsed, String separator, boolean seconds, int fractionDigits, String zoneStyle) {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})([T ])(\\d{2}:\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    /** The value and shape of {@code s}; empty when it is no ISO date or date-time. */
    static Optional<IsoText> of(String s) {
        try {
            if (DATE.matcher(s).matches()) {
                return Optional.of(new IsoText(LocalDate.parse(s), "", false, 0, ""));
            }
            Matcher m = DATE_TIME.matcher(s);
            if (!m.matches()) {
                return Optional.empty();
            }
            String fraction = m.group(5) == null ? "" : m.group(5);
            String local = m.group(1) + "T" + m.group(3) + ":" + (m.group(4) == null ? "00" : m.group(4))
                    + (fraction.isEmpty() ? "" : "." + fraction);
            String zone = m.group(6) == null ? "" : m.group(6);
            Temporal parsed = zone.isEmpty() ? LocalDateTime.parse(local)
                    : OffsetDateTime.of(LocalDateTime.parse(local), ZoneOffset.of(zone));
            return Optional.of(new IsoText(parsed, m.group(2), m.group(4) != null, fraction.length(), zoneStyle(zone)));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** "Z", "+hh:mm", "+hhmm", "+hh" or "" (no offset). */
    private static String zoneStyle(String zone) {
        if (zone.isEmpty() || zone.equals("Z")) {
            return zone;
        }
        return zone.length() == 3 ? "+hh" : zone.contains(":") ? "+hh:mm" : "+hhmm";
    }

    /** {@code t} (of the parsed type) as text of this shape; a finer part than the shape has is cut, as strftime does. */
    String format(Object t) {
        if (t instanceof LocalDate d) {
            return d.toString();
        }
        LocalDateTime local = t instanceof OffsetDateTime o ? o.toLocalDateTime() : (LocalDateTime) t;
        StringBuilder sb = new StringBuilder().append(local.toLocalDate()).append(separator)
                .append(String.format("%02d:%02d", local.getHour(), local.getMinute()));
        if (seconds) {
            sb.append(String.format(":%02d", local.getSecond()));
            if (fractionDigits > 0) {
                String nanos = String.format("%09d", local.getNano());
                sb.append('.').append(nanos, 0, fractionDigits);
            }
        }
        if (t instanceof OffsetDateTime o) {
            sb.append(offset(o.getOffset()));
        }
        return sb.toString();
    }

    private String offset(ZoneOffset o) {
        if (zoneStyle.equals("Z") && o.getTotalSeconds() == 0) {
            return "Z";
        }
        String id = o.getTotalSeconds() == 0 ? "+00:00" : o.getId(); // +hh:mm
        return switch (zoneStyle) {
            case "+hhmm" -> id.replace(":", "");
            case "+hh" -> o.getTotalSeconds() % 3600 == 0 ? id.substring(0, 3) : id;
            default -> id;
        };
    }
}
