package dev.dlt4j.testing;

import static dev.dlt4j.schema.DataType.BIGINT;
import static dev.dlt4j.schema.DataType.BOOL;
import static dev.dlt4j.schema.DataType.DOUBLE;
import static dev.dlt4j.schema.DataType.TEXT;
import static dev.dlt4j.testing.RelationalCase.LOAD_ID;
import static dev.dlt4j.testing.RelationalCase.row;
import static dev.dlt4j.testing.RelationalCase.table;

import dev.dlt4j.Resource;
import dev.dlt4j.schema.Column;
import dev.dlt4j.schema.WriteDisposition;
import java.util.Arrays;
import java.util.List;

/**
 * The relational normalizer's cases where dlt4j once differed from dlt 1.26 (issue 11), each with
 * the exact tables dlt gives, read from dlt's {@code relational.py} and checked against dlt 1.26
 * itself. Every destination and loader format must give these tables.
 */
public final class RelationalCases {
    private RelationalCases() {
    }

    /** Every case, for a runner that checks them all. */
    public static List<RelationalCase> all() {
        return List.of(collidingKeys(), caseFoldedKeys(), systemKeysInRows(), ownRowId(), systemNamedKeysOfRootRows(),
                ownChildRowId(), nullListElements(), mergeChildColumns(), flatteningOrder(),
                listsAndNullsInFlatteningOrder(), flatAndNestedCollide(), declaredColumnOrder(), emptyResources());
    }

    /**
     * Keys that normalize to one name: one column, the last value wins (in the first key's
     * position); two lists that map to one child table: the last one is unnested.
     */
    public static RelationalCase collidingKeys() {
        return new RelationalCase("colliding_keys",
                List.of(Resource.of("t", List.of(row("id", 1, "a b", 1, "a_b", 2, "x", 3, "l x", List.of(1),
                        "l_x", List.of(2, 3))))),
                List.of(table("t").col("id", BIGINT).col("a_b", BIGINT).col("x", BIGINT).rootIds()
                                .rows("id", "id", "a_b", "x").row(1L, 2L, 3L).build(),
                        table("t__l_x").col("value", BIGINT).childIds().rows("_dlt_list_idx", "value").row(2L)
                                .row(3L).build()));
    }

    /** snake_case is case-insensitive: {@code A} and {@code a} are one column; the last value wins. */
    public static RelationalCase caseFoldedKeys() {
        return new RelationalCase("case_folded_keys",
                List.of(Resource.of("t", List.of(row("A", 1, "a", 2), row("a", 3, "A", 4)))),
                List.of(table("t").col("a", BIGINT).rootIds().rows("a", "a").row(2L).row(4L).build()));
    }

    /**
     * A row's own {@code _dlt_load_id}, {@code _dlt_parent_id} and {@code _dlt_list_idx} are replaced
     * by dlt's values where dlt sets them, keeping dlt's NOT NULL and parent key hints.
     */
    public static RelationalCase systemKeysInRows() {
        return new RelationalCase("system_keys_in_rows",
                List.of(Resource.of("t", List.of(row("id", 1, "_dlt_load_id", "mine", "items",
                        List.of(row("x", 1, "_dlt_parent_id", "theirs", "_dlt_list_idx", 9)))))),
                List.of(table("t").col("id", BIGINT).rootIds().rows("id", "id", "_dlt_load_id").row(1L, LOAD_ID)
                                .build(),
                        table("t__items").col("x", BIGINT).childIds().rows("x", "x", "_dlt_list_idx").row(1L, 0L)
                                .build()));
    }

    /**
     * A row's own {@code _dlt_id} is kept when it is truthy, as a value of the row (its own position
     * and type, with dlt's NOT NULL and unique hints); an empty one is replaced by a generated id.
     */
    public static RelationalCase ownRowId() {
        return new RelationalCase("own_row_id",
                List.of(Resource.of("t", List.of(row("id", 1, "_dlt_id", "mine-1", "tags", List.of("a")),
                        row("id", 2, "_dlt_id", "", "tags", List.of())))),
                List.of(table("t").col("id", BIGINT).notNull("_dlt_id", TEXT).notNull("_dlt_load_id", TEXT)
                                .rows("id", "id", "_dlt_id = 'mine-1'").row(1L, true).row(2L, false).build(),
                        table("t__tags").col("value", TEXT).childIds()
                                .rows("value", "value", "_dlt_parent_id").row("a", "mine-1").build()));
    }

    /**
     * Keys named like system columns that dlt does not set in a row (a root row has no parent) stay
     * the row's values, with the hints dlt's schema gives every column of that name: NOT NULL,
     * parent key, root key.
     */
    public static RelationalCase systemNamedKeysOfRootRows() {
        return new RelationalCase("system_named_keys_of_root_rows",
                List.of(Resource.of("t", List.of(row("id", 1, "_dlt_parent_id", "p", "_dlt_root_id", "r",
                        "_dlt_list_idx", 5)))),
                List.of(table("t").col("id", BIGINT).notNull("_dlt_parent_id", TEXT).notNull("_dlt_root_id", TEXT)
                        .notNull("_dlt_list_idx", BIGINT).rootIds()
                        .rows("id", "id", "_dlt_parent_id", "_dlt_root_id", "_dlt_list_idx").row(1L, "p", "r", 5L)
                        .build()));
    }

    /**
     * A child row's own {@code _dlt_id} is kept too, but unlike dlt (which then leaves out
     * {@code _dlt_parent_id} and {@code _dlt_list_idx}, so its load fails on their NOT NULL) the row
     * still gets its links: a deliberate difference, listed in the README.
     */
    public static RelationalCase ownChildRowId() {
        return new RelationalCase("own_child_row_id",
                List.of(Resource.of("t", List.of(row("id", 1, "items", List.of(row("x", 1, "_dlt_id", "child-own"),
                        row("x", 2)))))),
                List.of(table("t").col("id", BIGINT).rootIds().rows("id", "id").row(1L).build(),
                        table("t__items").col("x", BIGINT).notNull("_dlt_id", TEXT).notNull("_dlt_parent_id", TEXT)
                                .notNull("_dlt_list_idx", BIGINT)
                                .rows("x", "x", "_dlt_list_idx", "_dlt_id = 'child-own'").row(1L, 0L, true)
                                .row(2L, 1L, false).build()));
    }

    /** A null list element is a row: NULL {@code value} for scalars, an all-NULL row for objects. */
    public static RelationalCase nullListElements() {
        return new RelationalCase("null_list_elements",
                List.of(Resource.of("t", List.of(row("id", 1, "l", Arrays.asList(1, null), "o",
                        Arrays.asList(null, row("x", 1)))))),
                List.of(table("t").col("id", BIGINT).rootIds().rows("id", "id").row(1L).build(),
                        table("t__l").col("value", BIGINT).childIds().rows("_dlt_list_idx", "_dlt_list_idx", "value")
                                .row(0L, 1L).row(1L, null).build(),
                        // the null element makes the table first, so its x comes after dlt's columns
                        table("t__o").childIds().col("x", BIGINT).rows("_dlt_list_idx", "_dlt_list_idx", "x")
                                .row(0L, null).row(1L, 1L).build()));
    }

    /** Child tables of a merge table: {@code _dlt_root_id} right before {@code _dlt_parent_id}. */
    public static RelationalCase mergeChildColumns() {
        return new RelationalCase("merge_child_columns",
                List.of(Resource.of("t", List.of(row("id", 1, "items", List.of(row("x", 1)), "tags", List.of("a"))))
                        .writeDisposition(WriteDisposition.MERGE).primaryKey("id")),
                List.of(table("t").notNull("id", BIGINT).rootIds().rows("id", "id").row(1L).build(),
                        table("t__items").col("x", BIGINT).notNull("_dlt_root_id", TEXT).childIds()
                                .rows("x", "x").row(1L).build(),
                        table("t__tags").col("value", TEXT).notNull("_dlt_root_id", TEXT).childIds()
                                .rows("value", "value").row("a").build()));
    }

    /**
     * A level's plain values come first, then its nested objects, the last met first (dlt walks them
     * with a stack); lists become child tables in the order they are met.
     */
    public static RelationalCase flatteningOrder() {
        return new RelationalCase("flattening_order",
                List.of(Resource.of("t", List.of(row("id", 1, "a", row("x", row("y", 1), "z", 2), "d", row("e", 3),
                        "c", 4)))),
                List.of(table("t").col("id", BIGINT).col("c", BIGINT).col("d__e", BIGINT).col("a__z", BIGINT)
                        .col("a__x__y", BIGINT).rootIds().rows("id", "id", "c", "d__e", "a__z", "a__x__y")
                        .row(1L, 4L, 3L, 2L, 1L).build()));
    }

    /**
     * Child tables come in the order their lists are met in that walk ({@code m} on the top level
     * before {@code a.l}); a null and a value under one name keep the first key's position.
     */
    public static RelationalCase listsAndNullsInFlatteningOrder() {
        return new RelationalCase("lists_and_nulls_in_flattening_order",
                List.of(Resource.of("t", List.of(row("id", 1, "a", row("l", List.of(1), "b", row("c", 1), "d", 2),
                        "m", List.of(2), "e", row("f", 3), "g", null, "G", 5)))),
                List.of(table("t").col("id", BIGINT).col("g", BIGINT).col("e__f", BIGINT).col("a__d", BIGINT)
                                .col("a__b__c", BIGINT).rootIds().rows("id", "id", "g", "e__f", "a__d", "a__b__c")
                                .row(1L, 5L, 3L, 2L, 1L).build(),
                        table("t__m").col("value", BIGINT).childIds().rows("value", "value").row(2L).build(),
                        table("t__a__l").col("value", BIGINT).childIds().rows("value", "value").row(1L).build()));
    }

    /** A flat {@code a__b} key and a nested {@code {"a": {"b": …}}}: nested objects come later, so they win. */
    public static RelationalCase flatAndNestedCollide() {
        return new RelationalCase("flat_and_nested_collide",
                List.of(Resource.of("t", List.of(row("id", 1, "a__b", 1, "a", row("b", 2)),
                        row("id", 2, "a", row("b", 3), "a__b", 4)))),
                List.of(table("t").col("id", BIGINT).col("a__b", BIGINT).rootIds().rows("id", "id", "a__b")
                        .row(1L, 2L).row(2L, 3L).build()));
    }

    /** Declared column hints keep their declaration order, before the columns the data adds. */
    public static RelationalCase declaredColumnOrder() {
        return new RelationalCase("declared_column_order",
                List.of(Resource.of("t", List.of(row("q", "x", "m", 1.5, "b", true)))
                        .columns(Column.of("z", TEXT), Column.of("a", BIGINT), Column.of("m", DOUBLE),
                                Column.of("b", BOOL))),
                List.of(table("t").col("z", TEXT).col("a", BIGINT).col("m", DOUBLE).col("b", BOOL).col("q", TEXT)
                        .rootIds().rows("q", "z", "a", "m", "b", "q").row(null, null, 1.5, true, "x").build()));
    }

    /** A resource that yields nothing gets no table, with or without hints, whatever its disposition. */
    public static RelationalCase emptyResources() {
        return new RelationalCase("empty_resources",
                List.of(Resource.of("full", List.of(row("id", 1))), Resource.of("nothing", List.of()),
                        Resource.of("hinted", List.of()).columns(Column.of("id", BIGINT)),
                        Resource.of("replaced", List.of()).writeDisposition(WriteDisposition.REPLACE)),
                List.of(table("full").col("id", BIGINT).rootIds().rows("id", "id").row(1L).build()));
    }
}
