package dev.dlt4j.source.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * The date-window mode of {@code endpoint.incremental} (what dlt lacks, dlt#3223, and Airbyte's
 * {@code DatetimeBasedCursor} does): the span from the cursor's start (less {@code lookback}) to
 * {@code end_value} (or now) cut into windows of {@code window_size}; each window is one request
 * sequence with {@code start_param} = window start and {@code end_param} = window end. Values are
 * written as the initial value was: a date as {@code 2024-01-01}, a date-time as ISO-8601 UTC.
 */
final class DateWindows {
    private DateWindows() {
    }

    /** One window: [start, end). */
    record Window(Instant start, Instant end) {
    }

    /** The windows from {@code start} to {@code end}, the last one cut at {@code end}; none when start is not before end. */
    static List<Window> between(Instant start, Instant end, Duration size) {
        List<Window> out = new ArrayList<>();
        Instant s = start;
        while (s.isBefore(end)) {
            Instant e = s.plus(size);
            if (e.isAfter(end)) {
                e = end;
            }
            out.add(new Window(s, e));
            s = e;
        }
        return out;
    }

    /** A date-time or date (text, {@code java.time} value, or epoch seconds) as an instant; dates and local times are UTC. */
    static Instant parseInstant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof Number n) {
            return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        }
        if (v instanceof TemporalAccessor t) {
            return Instant.from(t);
        }
        String s = String.valueOf(v).trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
        }
    }

    /** True when {@code v} is written as a date only ({@code 2024-01-01}). */
    static boolean dateOnly(Object v) {
        return v instanceof LocalDate || v instanceof String s && s.trim().matches("\\d{4}-\\d{2}-\\d{2}");
    }

    /** {@code i} written like {@code like}: a date, or an ISO-8601 UTC date-time. */
    static String format(Instant i, boolean dateOnly) {
        return dateOnly ? i.atOffset(ZoneOffset.UTC).toLocalDate().toString() : i.toString();
    }
}
