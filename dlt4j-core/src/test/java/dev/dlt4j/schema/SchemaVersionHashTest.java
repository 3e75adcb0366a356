package dev.dlt4j.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The version hash follows dlt's {@code generate_version_hash}: the order in which tables were
 * added (which parallel extraction does not fix) does not change it; the order of a table's
 * columns does, and so does any content.
 */
class SchemaVersionHashTest {

    private static Table table(String name, String... columns) {
        Map<String, Column> cols = new LinkedHashMap<>();
        for (String c : columns) {
            cols.put(c, Column.of(c, DataType.BIGINT));
        }
        return Table.builder(name).columns(cols).build();
    }

    private static Schema schema(Table... tables) {
        Map<String, Table> map = new LinkedHashMap<>();
        for (Table t : tables) {
            map.put(t.name(), t);
        }
        return new Schema("shop", 1, map);
    }

    @Test
    void theOrderInWhichTablesWereAddedDoesNotChangeTheHash() {
        Schema ordersFirst = schema(table("orders", "id", "amount"), table("customers", "id", "name"));
        Schema customersFirst = schema(table("customers", "id", "name"), table("orders", "id", "amount"));

        assertThat(customersFirst.versionHash()).isEqualTo(ordersFirst.versionHash());
    }

    @Test
    void theOrderOfATablesColumnsChangesTheHash() {
        Schema idFirst = schema(table("orders", "id", "amount"));
        Schema amountFirst = schema(table("orders", "amount", "id"));

        assertThat(amountFirst.versionHash()).isNotEqualTo(idFirst.versionHash());
    }

    @Test
    void anotherColumnChangesTheHash() {
        assertThat(schema(table("orders", "id", "amount", "note")).versionHash())
                .isNotEqualTo(schema(table("orders", "id", "amount")).versionHash());
    }

    @Test
    void aTableThatStartsToPropagateItsRootKeyChangesTheHash() {
        Table orders = table("orders", "id", "amount");
        assertThat(schema(orders.toBuilder().propagatesRootKey(true).build()).versionHash())
                .isNotEqualTo(schema(orders).versionHash());
    }
}
