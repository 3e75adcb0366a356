package dev.dlt4j.schema;

/**
 * What normalize has learned about a table and keeps in the schema between runs, as dlt keeps it in
 * the table's {@code x-normalizer} and in the relational normalizer's config.
 *
 * @param seenData whether a row of the table was ever normalized (dlt's {@code seen-data}); an empty
 *     {@code replace} truncates only such a table
 * @param propagatesRootKey whether this root table's nested rows carry {@code _dlt_root_id} from now on
 *     (dlt's {@code propagation.tables} entry): set once the table is merged by a strategy that deletes
 *     nested rows by it, or its source asks for it, and kept whatever the disposition later is
 */
public record NormalizerMarks(boolean seenData, boolean propagatesRootKey) {
    /** A table nothing is known of yet. */
    public static final NormalizerMarks NONE = new NormalizerMarks(false, false);

    public NormalizerMarks withSeenData(boolean value) {
        return new NormalizerMarks(value, propagatesRootKey);
    }

    public NormalizerMarks withPropagatesRootKey(boolean value) {
        return new NormalizerMarks(seenData, value);
    }

    /** What either knows: a mark set in one stays set. */
    public NormalizerMarks or(NormalizerMarks other) {
        return new NormalizerMarks(seenData || other.seenData, propagatesRootKey || other.propagatesRootKey);
    }
}
