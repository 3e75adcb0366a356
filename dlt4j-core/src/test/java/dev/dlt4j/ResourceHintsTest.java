package dev.dlt4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.schema.Table;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A resource's table hints are one immutable {@link TableHints} value; each wither changes one hint. */
class ResourceHintsTest {
    private static final int HANDFUL = 7;

    @Test
    void aNewResourceWritesToItsOwnTableWithDefaultHints() {
        Resource r = Resource.of("issues", List.of());

        assertThat(r.tableName()).isEqualTo("issues");
        assertThat(r.tableNameFunction()).isEmpty();
        assertThat(r.hints()).isEqualTo(TableHints.DEFAULT);
        assertThat(r.schemaContract()).as("unset: the source's contract applies").isEmpty();
        assertThat(r.fileFormat()).as("unset: the pipeline's format applies").isEmpty();
        assertThat(r.maxTableNesting()).as("unset: the schema default applies").isEmpty();
        assertThat(r.columns()).isEmpty();
        assertThat(r.columnHints()).isEmpty();
        assertThat(r.isParallelized()).isFalse();
    }

    @Test
    void eachWitherChangesOneHintAndKeepsTheOthers() {
        Resource r = Resource.of("issues", List.of()).primaryKey("id").mergeKey("day")
                .merge(MergeStrategy.UPSERT).maxTableNesting(2).fileFormat(LoaderFileFormat.PARQUET)
                .schemaContract(SchemaContract.parse("freeze")).tableName("gh_issues").parallelized()
                .columns(Column.of("id", DataType.BIGINT)).columnHints(ColumnHint.of("title").withNullable(false));

        assertThat(r.hints()).isEqualTo(TableHints.builder().writeDisposition(WriteDisposition.MERGE)
                .mergeStrategy(MergeStrategy.UPSERT).primaryKey(List.of("id")).mergeKey(List.of("day"))
                .maxTableNesting(2).fileFormat(LoaderFileFormat.PARQUET).contract(SchemaContract.parse("freeze")).build());
        assertThat(r.fileFormat()).contains(LoaderFileFormat.PARQUET);
        assertThat(r.maxTableNesting()).isEqualTo(OptionalInt.of(2));
        assertThat(r.tableName()).isEqualTo("gh_issues");
        assertThat(r.isParallelized()).isTrue();
        assertThat(r.columns()).containsOnlyKeys("id");
        assertThat(r.columnHints()).containsOnlyKeys("title");
    }

    @Test
    void aWitherLeavesTheOriginalResourceUnchanged() {
        Resource plain = Resource.of("issues", List.of());
        Resource keyed = plain.primaryKey("id").writeDisposition(WriteDisposition.REPLACE);

        assertThat(plain.primaryKey()).isEmpty();
        assertThat(plain.writeDisposition()).isEqualTo(WriteDisposition.APPEND);
        assertThat(keyed.primaryKey()).containsExactly("id");
        assertThat(keyed.writeDisposition()).isEqualTo(WriteDisposition.REPLACE);
    }

    @Test
    void aTransformerStartsWithDefaultHintsOfItsOwn() {
        Resource parent = Resource.of("users", List.of()).primaryKey("id").merge(MergeStrategy.SCD2);
        Resource details = Transformer.from("details", parent, item -> item);

        assertThat(details.hints()).isEqualTo(TableHints.DEFAULT);
        assertThat(details.tableName()).isEqualTo("details");
        assertThat(details.parent()).contains(parent);
    }

    @Test
    void aNegativeNestingIsRefusedWithTheValue() {
        assertThatThrownBy(() -> Resource.of("r", List.of()).maxTableNesting(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_table_nesting").hasMessageContaining("-3");
    }

    @Test
    void noPublicConstructorOfTheHintTypesTakesMoreThanAHandfulOfArguments() {
        List<String> wide = Stream.of(Resource.class, Source.class, Transformer.class, TableHints.class, Table.class,
                        Table.Builder.class, TableHints.Builder.class)
                .flatMap(c -> Stream.of(c.getDeclaredConstructors()))
                .filter(c -> Modifier.isPublic(c.getModifiers()) && c.getParameterCount() > HANDFUL)
                .map(Constructor::toString).toList();

        assertThat(wide).as("public constructors with more than %d parameters", HANDFUL).isEmpty();
    }
}
