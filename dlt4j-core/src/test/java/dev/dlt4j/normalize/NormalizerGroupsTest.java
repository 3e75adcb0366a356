package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.JobFileName;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NormalizerGroupsTest {
    private static List<JobFileName> files(int n) {
        return IntStream.range(0, n).mapToObj(i -> new JobFileName("t", "f" + i, 0, "x", false)).toList();
    }

    @Test
    void filesAreSplitIntoContiguousGroupsWithTheRemainderOnTheFirstGroups() {
        List<List<JobFileName>> groups = Normalizer.groups(files(7), 3);
        assertThat(groups).extracting(List::size).containsExactly(3, 2, 2);
        assertThat(groups.get(0).get(0).fileId()).isEqualTo("f0");
        assertThat(groups.get(1).get(0).fileId()).isEqualTo("f3");
        assertThat(groups.get(2).get(1).fileId()).isEqualTo("f6");
    }

    @Test
    void thereAreNeverMoreGroupsThanFilesAndAlwaysOne() {
        assertThat(Normalizer.groups(files(2), 8)).extracting(List::size).containsExactly(1, 1);
        assertThat(Normalizer.groups(files(0), 4)).containsExactly(List.of());
        assertThat(Normalizer.groups(files(5), 1)).extracting(List::size).containsExactly(5);
    }

    @Test
    void mergingAppendsWhatAGroupAddedInItsOrderAndDetectsConflicts() {
        Table base = Table.root("t", "t", WriteDisposition.APPEND).withColumn(Column.of("id", DataType.BIGINT));
        Schema acc = new Schema("s", 3, Map.of("t", base));
        Schema first = acc.withTable(base.withColumn(Column.of("b", DataType.TEXT)).withColumn(
                Column.of("a", DataType.TEXT)).withSeenData(true));
        Schema second = acc.withTable(base.withColumn(Column.of("a", DataType.TEXT)).withColumn(
                Column.of("c", DataType.DOUBLE)));
        Schema merged = Normalizer.mergeGroup(Normalizer.mergeGroup(acc, first), second);
        assertThat(merged.tables().get("t").columns().keySet()).containsExactly("id", "b", "a", "c");
        assertThat(merged.tables().get("t").seenData()).isTrue();
        assertThat(merged.version()).isEqualTo(3);

        Schema conflicting = acc.withTable(base.withColumn(Column.of("a", DataType.BIGINT)));
        assertThat(Normalizer.mergeGroup(Normalizer.mergeGroup(acc, first), conflicting)).isNull();
    }
}
