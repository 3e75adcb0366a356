package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options without Hadoop, for dlt4j's filesystem source. Parquet 1.18's
 * {@code ParquetReadOptions.Builder} always creates Hadoop's codec factory and asks Hadoop's
 * {@code ParquetInputFormat} for a filter, so it cannot run where Hadoop is not on the class path
 * (dlt4j ships none); this calls the options' package-private constructor with the builder's
 * defaults and a codec factory of the caller's. It lives in parquet's package for that reason only
 * (a class-path split package; dlt4j is not a JPMS module).
 */
public final class PlainReadOptions {
    private PlainReadOptions() {
    }

    /** The defaults of {@code ParquetReadOptions.builder()}, with {@code codecs} for page decompression. */
    public static ParquetReadOptions with(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false, // useSignedStringMinMax
                true, // useStatsFilter
                true, // useDictionaryFilter
                true, // useRecordFilter
                true, // useColumnIndexFilter
                false, // usePageChecksumVerification
                true, // useBloomFilter
                false, // useOffHeapDecryptBuffer
                false, // useHadoopVectoredIo: Hadoop's, not ours
                FilterCompat.NOOP,
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                8 << 20, // maxAllocationSize, the builder's default
                new HashMap<>(),
                null, // no decryption
                null, // no metrics callback
                new PlainParquetConfiguration());
    }
}
