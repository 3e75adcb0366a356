package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.schema.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Normalizing during extract goes on while extract only adds tables: a new merge table that marks itself as
 * propagating its root key is such an addition; a mark put on a table normalize already started from is not.
 */
class NormalizeAheadGrowsTest {
    private static Table table(String name, boolean propagates) {
        return Table.root(name, name, WriteDisposition.MERGE).toBuilder().propagatesRootKey(propagates)
                .column(Column.of("id", DataType.BIGINT)).build();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode json(Table... tables) {
        Map<String, Table> m = new LinkedHashMap<>();
        for (Table t : tables) {
            m.put(t.name(), t);
        }
        return SchemaJson.toJson(new Schema("s", 1, m));
    }

    @Test
    void aNewTableThatPropagatesItsRootKeyIsAnAddition() {
        assertThat(NormalizeAhead.grows(json(table("a", false)), json(table("a", false), table("b", true)), "a")).isTrue();
        assertThat(NormalizeAhead.grows(json(table("a", true)), json(table("a", true), table("b", true)), "a")).isTrue();
    }

    @Test
    void aMarkPutOnATableNormalizeStartedFromIsAChange() {
        assertThat(NormalizeAhead.grows(json(table("a", false)), json(table("a", true)), "a")).isFalse();
        assertThat(NormalizeAhead.grows(json(table("a", false), table("b", false)), json(table("a", false),
                table("b", true)), "a")).isFalse();
    }
}
