package dev.dlt4j.testing;

import static dev.dlt4j.testing.ParityCase.columns;
import static dev.dlt4j.testing.ParityCase.row;
import static dev.dlt4j.testing.ParityCase.values;

import dev.dlt4j.schema.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * The inputs and the tables dlt 1.26 makes of them (issue 11), each read from dlt's code
 * ({@code type_helpers._COERCE_DISPATCH}, {@code jsonl._coerce_non_null_value},
 * {@code detections.is_iso_timestamp}). Every destination test runs all of them.
 */
public final class ParityCases {
    private static final String LOAD_ID = "_dlt_load_id text not null";
    private static final String ID = "_dlt_id text not null";

    private ParityCases() {
    }

    public static final List<ParityCase> ALL = List.of(
            ParityCase.of("a bool after a bigint goes to a bool variant, never 1",
                    row("i", 1), row("i", true))
                    .table("t", columns("i bigint", LOAD_ID, ID, "i__v_bool bool"),
                            values(1L, null), values(null, true)),
            ParityCase.of("a number after a bool becomes a bool (numbers coerce to bool, not back)",
                    row("b", true), row("b", 0), row("b", 2.5))
                    .table("t", columns("b bool", LOAD_ID, ID),
                            values(true), values(false), values(true)),
            ParityCase.of("ISO timestamps are detected as dlt's parser reads them",
                    row("basic", "20240115T103000Z", "no_seconds", "2024-01-15T10:30Z",
                            "lower_case", "2024-01-15t10:30:00z", "date_only", "2024-01-15",
                            "offset", "2024-01-15T10:30:00+02:00"))
                    .table("t", columns("basic timestamp", "no_seconds timestamp", "lower_case text",
                            "date_only text", "offset timestamp", LOAD_ID, ID),
                            values(Instant.parse("2024-01-15T10:30:00Z"), Instant.parse("2024-01-15T10:30:00Z"),
                                    "2024-01-15t10:30:00z", "2024-01-15", Instant.parse("2024-01-15T08:30:00Z"))),
            // the variant is named after the value's own type (text) but typed by detection
            ParityCase.of("an ISO string in a bigint column goes to a variant named text, typed timestamp",
                    row("v", 1), row("v", "2024-01-15T10:30:00Z"))
                    .table("t", columns("v bigint", LOAD_ID, ID, "v__v_text timestamp"),
                            values(1L, null), values(null, Instant.parse("2024-01-15T10:30:00Z"))),
            ParityCase.of("a date string in a timestamp-hinted column is midnight UTC",
                    row("ts", "2024-01-31"), row("ts", "2024-01-31T12:00:00+01:00"))
                    .hints(r -> r.column("ts", DataType.TIMESTAMP))
                    .table("t", columns("ts timestamp", LOAD_ID, ID),
                            values(Instant.parse("2024-01-31T00:00:00Z")),
                            values(Instant.parse("2024-01-31T11:00:00Z"))),
            ParityCase.of("an integer beyond 64 bits in a double-hinted column is a double",
                    row("d", new BigInteger("9223372036854775808")))
                    .hints(r -> r.column("d", DataType.DOUBLE))
                    .table("t", columns("d double", LOAD_ID, ID), values(9.223372036854776e18)),
            ParityCase.of("numbers and bools in a text column are written as Python writes them",
                    row("s", "x"), row("s", 5), row("s", 1.5), row("s", true), row("s", 1e16))
                    .table("t", columns("s text", LOAD_ID, ID),
                            values("x"), values("5"), values("1.5"), values("True"), values("1e+16")),
            ParityCase.of("text and integral doubles in a bigint column are integers; others are variants",
                    row("n", 1), row("n", "0x10"), row("n", " 7 "), row("n", 2.0), row("n", 2.5))
                    .table("t", columns("n bigint", LOAD_ID, ID, "n__v_double double"),
                            values(1L, null), values(16L, null), values(7L, null), values(2L, null),
                            values(null, 2.5)),
            ParityCase.of("JSON text in a json-hinted column is parsed",
                    row("j", "{\"a\": [1, 2]}"), row("j", "null", "k", 1))
                    .hints(r -> r.column("j", DataType.JSON))
                    .table("t", columns("j json", LOAD_ID, ID, "k bigint"),
                            values(Map.of("a", List.of(1L, 2L)), null), values(null, 1L)),
            // one hinted column per case: the order of several declared hints is issue 11's defect 8
            ParityCase.of("ISO text and Unix seconds in a date-hinted column are UTC dates",
                    row("d", "2024-01-15T23:00:00-05:00"), row("d", 86400), row("d", "2024-02-29"))
                    .hints(r -> r.column("d", DataType.DATE))
                    .table("t", columns("d date", LOAD_ID, ID),
                            values(LocalDate.of(2024, 1, 16)), values(LocalDate.of(1970, 1, 2)),
                            values(LocalDate.of(2024, 2, 29))),
            ParityCase.of("ISO time text in a time-hinted column, an offset moved to UTC",
                    row("tm", "10:30:00+02:00"), row("tm", "23:59:59.5"))
                    .hints(r -> r.column("tm", DataType.TIME))
                    .table("t", columns("tm time", LOAD_ID, ID),
                            values(LocalTime.of(8, 30)), values(LocalTime.of(23, 59, 59, 500_000_000))),
            ParityCase.of("hex and base64 text in a binary-hinted column are bytes",
                    row("b", "0x01ff"), row("b", "AQI="))
                    .hints(r -> r.column("b", DataType.BINARY))
                    .table("t", columns("b binary", LOAD_ID, ID), values(new byte[] {1, -1}), values(new byte[] {1, 2})),
            ParityCase.of("a double in a decimal-hinted column keeps its value",
                    row("d", 0.1), row("d", "2.5"))
                    .hints(r -> r.column("d", DataType.DECIMAL))
                    .table("t", columns("d decimal", LOAD_ID, ID),
                            values(new BigDecimal("0.1")), values(new BigDecimal("2.5"))));
}
