package dev.dlt4j.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.Resource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A typed page is a page: a resource's steps see its rows one by one as maps (column order, nulls
 * included), as they see the rows of a list page, so a step works the same whichever the source
 * yields; a filter keeps the rows it accepts in a typed page.
 */
class TypedPageStepsTest {
    private static ColumnPage page() {
        return ColumnPage.builder().column("id", DataType.BIGINT).column("name", DataType.TEXT)
                .row(1L, "a").row(2L, null).row(3L, "c").build();
    }

    private static Resource.Step step(Resource r) {
        return r.steps().get(r.steps().size() - 1);
    }

    @Test
    void aMapSeesEachRowOfATypedPageAsAMapInColumnOrderWithItsNulls() {
        List<Object> seen = new ArrayList<>();
        Resource r = Resource.of("t", List.of()).map(row -> {
            seen.add(row);
            return row;
        });

        Object out = Steps.apply(step(r), page());

        Map<String, Object> second = new LinkedHashMap<>();
        second.put("id", 2L);
        second.put("name", null);
        assertThat(seen).containsExactly(Map.of("id", 1L, "name", "a"), second, Map.of("id", 3L, "name", "c"));
        assertThat(seen.get(0)).isInstanceOfSatisfying(Map.class,
                m -> assertThat(List.copyOf(m.keySet())).containsExactly("id", "name"));
        assertThat(out).isInstanceOf(List.class).asList().hasSize(3);
    }

    @Test
    void aMapCanChangeARowOfATypedPageAsItCanChangeAMap() {
        Resource r = Resource.of("t", List.of()).map(row -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) row;
            m.put("extra", true);
            return m;
        });

        Object out = Steps.apply(step(r), page());

        for (Object row : (List<?>) out) {
            assertThat(((Map<?, ?>) row).get("extra")).isEqualTo(true);
        }
    }

    @Test
    void aFilterKeepsTheAcceptedRowsOfATypedPageInATypedPage() {
        Resource r = Resource.of("t", List.of()).filter(row -> ((Map<?, ?>) row).get("name") != null);

        Object out = Steps.apply(step(r), page());

        assertThat(out).isInstanceOfSatisfying(ColumnPage.class, p -> {
            assertThat(p.rowCount()).isEqualTo(2);
            assertThat(p.get(0, 0)).isEqualTo(1L);
            assertThat(p.get(0, 1)).isEqualTo(3L);
        });
    }

    @Test
    void aTypedPageWithNoRowLeftAfterAFilterIsDropped() {
        Resource r = Resource.of("t", List.of()).filter(row -> false);

        assertThat(Steps.apply(step(r), page())).isNull();
    }

    @Test
    void aFlatMapExplodesEachRowOfATypedPage() {
        Resource r = Resource.of("t", List.of()).flatMap(row -> List.of(row, row));

        Object out = Steps.apply(step(r), page());

        List<Object> items = new ArrayList<>();
        ((Iterator<?>) out).forEachRemaining(items::add);
        assertThat(items).hasSize(6);
    }
}
