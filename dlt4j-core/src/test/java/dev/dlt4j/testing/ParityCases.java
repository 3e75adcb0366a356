package dev.dlt4j.testing;

import static dev.dlt4j.testing.ParityCase.also;
import static dev.dlt4j.testing.ParityCase.columns;
import static dev.dlt4j.testing.ParityCase.row;
import static dev.dlt4j.testing.ParityCase.values;

import dev.dlt4j.DataType;
import dev.dlt4j.WriteDisposition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The inputs and the tables dlt 1.26 makes of them (issue 11), each read from dlt's code
 * ({@code type_helpers._COERCE_DISPATCH}, {@code jsonl._coerce_non_null_value},
 * {@code detections.is_iso_timestamp}, {@code relational.py}) and checked against dlt 1.26 itself.
 * Every destination test runs all of them, with every loader file format it loads.
 */
public final class ParityCases {
    private static final String LOAD_ID = "_dlt_load_id text not null";
    private static final String ID = "_dlt_id text not null";
    private static final String PARENT_ID = "_dlt_parent_id text not null";
    private static final String LIST_IDX = "_dlt_list_idx bigint not null";
    private static final String ROOT_ID = "_dlt_root_id text not null";

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
            ParityCase.of("a date-time with other separators than dashes, or in year 0, stays text",
                    row("slash", "2024/01/15T10:30:00Z", "dot", "2024.01.15T10:30:00Z", "year0", "0000-01-01T00:00:00Z"))
                    .table("t", columns("slash text", "dot text", "year0 text", LOAD_ID, ID),
                            values("2024/01/15T10:30:00Z", "2024.01.15T10:30:00Z", "0000-01-01T00:00:00Z")),
            ParityCase.of("a malformed date-time after a timestamp goes to a text variant",
                    row("ts", "2024-01-15T10:30:00Z"), row("ts", "2024/01/15T10:30:00Z"))
                    .table("t", columns("ts timestamp", LOAD_ID, ID, "ts__v_text text"),
                            values(Instant.parse("2024-01-15T10:30:00Z"), null), values(null, "2024/01/15T10:30:00Z")),
            ParityCase.of("an offset of 18 to 24 hours is applied, as Python applies it",
                    row("ts", "2024-01-15T10:30:00+20:00"))
                    .table("t", columns("ts timestamp", LOAD_ID, ID), values(Instant.parse("2024-01-14T14:30:00Z"))),
            ParityCase.of("a number padded with a no-break space is a number, as Python strips it",
                    row("v", 1), row("v", "\u00a07"))
                    .table("t", columns("v bigint", LOAD_ID, ID), values(1L), values(7L)),
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
                    .table("t", columns("b binary", LOAD_ID, ID),
                            values(new byte[] {1, -1}), values(new byte[] {1, 2})),
            ParityCase.of("a double in a decimal-hinted column keeps its value",
                    row("d", 0.1), row("d", "2.5"))
                    .hints(r -> r.column("d", DataType.DECIMAL))
                    .table("t", columns("d decimal", LOAD_ID, ID),
                            values(new BigDecimal("0.1")), values(new BigDecimal("2.5"))),
            // the relational normalizer (issue 11, defects 1, 2, 8, 11, 12, 13)
            ParityCase.of("keys that normalize to one name give one column in the first key's position with the"
                    + " last value; of two lists that map to one child table the last is unnested",
                    row("id", 1, "a b", 1, "a_b", 2, "x", 3, "l x", List.of(1), "l_x", List.of(2, 3)))
                    .table("t", columns("id bigint", "a_b bigint", "x bigint", LOAD_ID, ID), values(1L, 2L, 3L))
                    .table("t__l_x", columns("value bigint", PARENT_ID, LIST_IDX, ID),
                            values(2L, 0L), values(3L, 1L)),
            ParityCase.of("snake_case is case-insensitive: A and a are one column, the last value wins",
                    row("A", 1, "a", 2), row("a", 3, "A", 4))
                    .table("t", columns("a bigint", LOAD_ID, ID), values(2L), values(4L)),
            ParityCase.of("a row's own _dlt_load_id, _dlt_parent_id and _dlt_list_idx never replace dlt's values"
                    + " or hints",
                    row("id", 1, "_dlt_load_id", "mine", "items",
                            List.of(row("x", 1, "_dlt_parent_id", "theirs", "_dlt_list_idx", 9))))
                    .table("t", columns("id bigint", LOAD_ID, ID), also("_dlt_load_id"),
                            values(1L, ParityCase.LOAD_ID))
                    .table("t__items", columns("x bigint", PARENT_ID, LIST_IDX, ID), values(1L, 0L)),
            ParityCase.of("a root row keeps its own non-empty _dlt_id in its own position, with dlt's hints;"
                    + " an empty one is replaced",
                    row("id", 1, "_dlt_id", "mine-1", "tags", List.of("a")),
                    row("id", 2, "_dlt_id", "", "tags", List.of()))
                    .table("t", columns("id bigint", ID, LOAD_ID), also("_dlt_id = 'mine-1'"),
                            values(1L, true), values(2L, false))
                    .table("t__tags", columns("value text", PARENT_ID, LIST_IDX, ID), also("_dlt_parent_id"),
                            values("a", 0L, "mine-1")),
            ParityCase.of("root row keys named like system columns dlt does not set keep their values, with the"
                    + " hints dlt gives every column of that name",
                    row("id", 1, "_dlt_parent_id", "p", "_dlt_root_id", "r", "_dlt_list_idx", 5))
                    .table("t", columns("id bigint", PARENT_ID, ROOT_ID, LIST_IDX, LOAD_ID, ID),
                            also("_dlt_parent_id", "_dlt_root_id"), values(1L, 5L, "p", "r")),
            // unlike dlt (which then leaves out _dlt_parent_id and _dlt_list_idx, so its load fails on
            // their NOT NULL) the row still gets its links: a deliberate difference, listed in the README
            ParityCase.of("a child row keeps its own _dlt_id and still links to its parent",
                    row("id", 1, "items", List.of(row("x", 1, "_dlt_id", "child-own"), row("x", 2))))
                    .table("t", columns("id bigint", LOAD_ID, ID), values(1L))
                    .table("t__items", columns("x bigint", ID, PARENT_ID, LIST_IDX), also("_dlt_id = 'child-own'"),
                            values(1L, 0L, true), values(2L, 1L, false)),
            ParityCase.of("a null list element is a row: a NULL value for scalars, an all-NULL row for objects",
                    row("id", 1, "l", Arrays.asList(1, null), "o", Arrays.asList(null, row("x", 1))))
                    .table("t", columns("id bigint", LOAD_ID, ID), values(1L))
                    .table("t__l", columns("value bigint", PARENT_ID, LIST_IDX, ID), values(1L, 0L), values(null, 1L))
                    // the null element makes the table first, so its x comes after dlt's columns
                    .table("t__o", columns(PARENT_ID, LIST_IDX, ID, "x bigint"), values(0L, null), values(1L, 1L)),
            ParityCase.of("child tables of a merge table have _dlt_root_id right before _dlt_parent_id",
                    row("id", 1, "items", List.of(row("x", 1)), "tags", List.of("a")))
                    .hints(r -> r.writeDisposition(WriteDisposition.MERGE).primaryKey("id"))
                    .table("t", columns("id bigint not null", LOAD_ID, ID), values(1L))
                    .table("t__items", columns("x bigint", ROOT_ID, PARENT_ID, LIST_IDX, ID), values(1L, 0L))
                    .table("t__tags", columns("value text", ROOT_ID, PARENT_ID, LIST_IDX, ID), values("a", 0L)),
            // dlt walks nested objects with a stack
            ParityCase.of("a level's plain values come first, then its nested objects, the last met first",
                    row("id", 1, "a", row("x", row("y", 1), "z", 2), "d", row("e", 3), "c", 4))
                    .table("t", columns("id bigint", "c bigint", "d__e bigint", "a__z bigint", "a__x__y bigint",
                            LOAD_ID, ID), values(1L, 4L, 3L, 2L, 1L)),
            ParityCase.of("child tables come in the order their lists are met in that walk; a null and a value"
                    + " under one name keep the first key's position",
                    row("id", 1, "a", row("l", List.of(1), "b", row("c", 1), "d", 2), "m", List.of(2),
                            "e", row("f", 3), "g", null, "G", 5))
                    .table("t", columns("id bigint", "g bigint", "e__f bigint", "a__d bigint", "a__b__c bigint",
                            LOAD_ID, ID), values(1L, 5L, 3L, 2L, 1L))
                    .table("t__m", columns("value bigint", PARENT_ID, LIST_IDX, ID), values(2L, 0L))
                    .table("t__a__l", columns("value bigint", PARENT_ID, LIST_IDX, ID), values(1L, 0L)),
            ParityCase.of("a nested object wins over a flat key of the same name, whatever the key order",
                    row("id", 1, "a__b", 1, "a", row("b", 2)), row("id", 2, "a", row("b", 3), "a__b", 4))
                    .table("t", columns("id bigint", "a__b bigint", LOAD_ID, ID), values(1L, 2L), values(2L, 3L)),
            ParityCase.of("declared columns keep their declaration order, before the columns the data adds",
                    row("q", "x", "m", 1.5, "b", true))
                    .hints(r -> r.columns(dev.dlt4j.Column.of("z", DataType.TEXT),
                            dev.dlt4j.Column.of("a", DataType.BIGINT),
                            dev.dlt4j.Column.of("m", DataType.DOUBLE),
                            dev.dlt4j.Column.of("b", DataType.BOOL)))
                    .table("t", columns("z text", "a bigint", "m double", "b bool", "q text", LOAD_ID, ID),
                            values(null, null, 1.5, true, "x")),
            ParityCase.of("a resource that yields nothing gets no table, with or without hints, whatever its"
                    + " disposition", row("id", 1))
                    .resource("nothing")
                    .resource("hinted").hints(r -> r.columns(dev.dlt4j.Column.of("id", DataType.BIGINT)))
                    .resource("replaced").hints(r -> r.writeDisposition(WriteDisposition.REPLACE))
                    .table("t", columns("id bigint", LOAD_ID, ID), values(1L)));
}
