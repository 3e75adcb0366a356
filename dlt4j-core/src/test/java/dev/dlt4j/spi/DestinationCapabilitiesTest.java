package dev.dlt4j.spi;

import dev.dlt4j.LoaderFileFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.MergeStrategy;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.WriteDisposition;
import org.junit.jupiter.api.Test;

/** What a destination does not declare it cannot do; a declaration that contradicts itself is refused when built. */
class DestinationCapabilitiesTest {

    @Test
    void undeclaredCapabilitiesAreUnsupported() {
        DestinationCapabilities caps = DestinationCapabilities.builder(LoaderFileFormat.JSONL).build();
        assertThat(caps.supportedFormats()).containsExactly(LoaderFileFormat.JSONL);
        assertThat(caps.writeDispositions()).containsExactly(WriteDisposition.APPEND);
        assertThat(caps.mergeStrategies()).isEmpty();
        assertThat(caps.mergeFallsBackToAppend()).isFalse();
        assertThat(caps.replaceStrategies()).isEmpty();
        assertThat(caps.hasStagingDataset()).isFalse();
        assertThat(caps.maxIdentifierLength()).isEmpty();
        assertThat(caps.caseSensitiveIdentifiers()).isFalse();
        assertThat(caps.maxDecimalPrecision()).isEmpty();
        assertThat(caps.maxColumnsPerTable()).isEmpty();
        assertThat(caps.supportsTransactionalDdl()).isFalse();
        assertThat(caps.supportsJobMarkers()).isFalse();
        assertThat(caps.supportsTransactionalPackages()).isFalse();
        assertThat(caps.describe()).isEqualTo("write dispositions: append; merge strategies: none; replace"
                + " strategies: none; staging dataset: no");
    }

    @Test
    void jobFilesAreCompressedUnlessTheDestinationDeclaresOtherwiseAndToBuilderKeepsIt() {
        assertThat(DestinationCapabilities.builder(LoaderFileFormat.JSONL).build().compressesJobFiles()).isTrue();
        DestinationCapabilities plain = DestinationCapabilities.builder(LoaderFileFormat.JSONL).compressesJobFiles(false)
                .build();
        assertThat(plain.compressesJobFiles()).isFalse();
        assertThat(plain.toBuilder().build()).isEqualTo(plain);
        assertThat(plain.toBuilder().compressesJobFiles(true).build().compressesJobFiles()).isTrue();
    }

    @Test
    void writeDispositionsFollowFromTheDeclaredStrategies() {
        DestinationCapabilities caps = DestinationCapabilities.builder(LoaderFileFormat.CSV)
                .replaceStrategies(ReplaceStrategy.values()).mergeStrategies(MergeStrategy.UPSERT)
                .hasStagingDataset(true).build();
        assertThat(caps.writeDispositions()).containsExactlyInAnyOrder(WriteDisposition.APPEND,
                WriteDisposition.REPLACE, WriteDisposition.MERGE);
        assertThat(caps.describe()).isEqualTo("write dispositions: append, replace, merge; merge strategies: upsert;"
                + " replace strategies: truncate-and-insert, insert-from-staging; staging dataset: yes");
    }

    @Test
    void theFallbackToAppendIsShownWhereMergeHasNoStrategy() {
        DestinationCapabilities caps = DestinationCapabilities.builder(LoaderFileFormat.JSONL)
                .mergeFallsBackToAppend(true).build();
        assertThat(caps.writeDispositions()).containsExactly(WriteDisposition.APPEND);
        assertThat(caps.describe()).contains("merge strategies: none (merge loads as append)");
    }

    @Test
    void mergeStrategiesWithoutAStagingDatasetAreRefused() {
        assertThatThrownBy(() -> DestinationCapabilities.builder(LoaderFileFormat.JSONL)
                .mergeStrategies(MergeStrategy.DELETE_INSERT, MergeStrategy.SCD2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("merge strategies delete-insert, scd2 need a staging dataset, where merge tables load"
                        + " before the merge; declare hasStagingDataset(true) or no merge strategy");
    }

    @Test
    void insertFromStagingWithoutAStagingDatasetIsRefused() {
        assertThatThrownBy(() -> DestinationCapabilities.builder(LoaderFileFormat.JSONL)
                .replaceStrategies(ReplaceStrategy.INSERT_FROM_STAGING).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replace strategy insert-from-staging needs a staging dataset; declare"
                        + " hasStagingDataset(true) or only truncate-and-insert");
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> DestinationCapabilities.builder(LoaderFileFormat.JSONL).maxIdentifierLength(0).build())
                .hasMessage("maxIdentifierLength must be at least 1 when declared, not 0; leave it undeclared for no"
                        + " limit");
    }

    @Test
    void aTimestampPrecisionLimitMayBeZeroButNotNegative() {
        assertThat(DestinationCapabilities.builder(LoaderFileFormat.JSONL).maxTimestampPrecision(0).build()
                .maxTimestampPrecision()).hasValue(0);
        assertThatThrownBy(() -> DestinationCapabilities.builder(LoaderFileFormat.JSONL).maxTimestampPrecision(-1).build())
                .hasMessage("maxTimestampPrecision must be at least 0 (whole seconds) when declared, not -1; leave it"
                        + " undeclared for no limit");
    }

    @Test
    void thePreferredFormatIsAlwaysSupported() {
        DestinationCapabilities caps = DestinationCapabilities.builder(LoaderFileFormat.CSV)
                .supportedFormats(LoaderFileFormat.PARQUET).build();
        assertThat(caps.supportedFormats()).containsExactlyInAnyOrder(LoaderFileFormat.CSV, LoaderFileFormat.PARQUET);
        assertThat(caps.formatNames()).isEqualTo("csv, parquet");
    }

    @Test
    void toBuilderKeepsEveryDeclaration() {
        DestinationCapabilities caps = DestinationCapabilities.builder(LoaderFileFormat.CSV)
                .supportedFormats(LoaderFileFormat.JSONL).mergeStrategies(MergeStrategy.UPSERT)
                .mergeFallsBackToAppend(true).replaceStrategies(ReplaceStrategy.TRUNCATE_AND_INSERT)
                .hasStagingDataset(true).maxIdentifierLength(63).caseSensitiveIdentifiers(true)
                .maxDecimalPrecision(38).maxIntegerPrecision(64).maxTimestampPrecision(6).maxColumnsPerTable(1600)
                .supportsTransactionalDdl(true)
                .supportsJobMarkers(true).supportsTransactionalPackages(true).build();
        assertThat(caps.toBuilder().build()).isEqualTo(caps);
    }
}
