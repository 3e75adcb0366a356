package dev.dlt4j.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.NextItemMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value that contains itself fails naming table and path, instead of a StackOverflowError without a word. */
class CyclicValueTest {
    @TempDir
    Path tmp;

    /** A bean with a back reference, as an ORM entity graph has. */
    public static final class Order {
        private final List<Line> lines = new ArrayList<>();

        public List<Line> getLines() {
            return lines;
        }

        public int getId() {
            return 7;
        }
    }

    public static final class Line {
        private final Order order;

        Line(Order order) {
            this.order = order;
        }

        public Order getOrder() {
            return order;
        }
    }

    private PipelineException extractFails(Object row) {
        Source source = Source.of("shop", Resource.of("orders", List.of(row)));
        return (PipelineException) org.assertj.core.api.Assertions.catchThrowable(
                () -> ExtractTesting.extract(tmp, source, NextItemMode.FIFO));
    }

    @Test
    void aMapThatContainsItselfNamesTableAndPath() {
        Map<String, Object> row = new HashMap<>();
        Map<String, Object> inner = new HashMap<>();
        row.put("id", 1);
        row.put("meta", inner);
        inner.put("parent", row);
        assertThat(extractFails(row)).hasMessageContaining("stage extract, source shop, resource orders")
                .hasMessageContaining("Table orders, column meta__parent__meta__parent__")
                .hasMessageContaining("nests more than 200 levels of maps, lists or objects: it most likely contains"
                        + " itself");
    }

    @Test
    void aListThatContainsItselfNamesTableAndPath() {
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add(list);
        assertThat(extractFails(Map.of("id", 1, "items", list)))
                .hasMessageContaining("Table orders, column items__[1]__[1]__[1]");
    }

    @Test
    void aBeanWithABackReferenceNamesTableAndPath() {
        Order order = new Order();
        order.getLines().add(new Line(order));
        assertThat(extractFails(order)).hasMessageContaining("Table orders, column lines__[0]__order__lines__[0]");
    }

    @Test
    void aJsonNodeThatContainsItselfNamesTableAndPath() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", 1);
        node.set("self", node);
        assertThat(extractFails(node)).hasMessageContaining("Table orders, column self__self__self");
    }

    @Test
    void deepButFiniteNestingWithinTheLimitIsExtracted() {
        Map<String, Object> row = Map.of("id", 1);
        for (int i = 0; i < 150; i++) {
            row = Map.of("c", row);
        }
        Source source = Source.of("shop", Resource.of("orders", List.of(row)));
        assertThat(ExtractTesting.extract(tmp, source, NextItemMode.FIFO).rowCounts()).containsEntry("orders", 1L);
    }

    @Test
    void theMessageOfALongCyclicPathIsCut() {
        Map<String, Object> row = new HashMap<>();
        row.put("loop", row);
        PipelineException e = extractFails(row);
        assertThat(e.getMessage()).contains("column loop__loop__").contains("…: the value nests");
        assertThat(e.getMessage().length()).isLessThan(1200);
    }
}
