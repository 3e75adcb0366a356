package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;

/**
 * Settings of the buffered writers of one stage ({@code [data_writer]} and its stage sections):
 * items held before a flush, file rotation (0 = no rotation) and compression.
 */
public record DataWriterConfig(int bufferMaxItems, long fileMaxItems, long fileMaxBytes, boolean disableCompression) {
    /** Every field at its key's declared default. */
    public static final DataWriterConfig DEFAULTS = new DataWriterConfig(
            ConfigKey.BUFFER_MAX_ITEMS.defaultValue().orElseThrow(), ConfigKey.FILE_MAX_ITEMS.defaultValue().orElseThrow(),
            ConfigKey.FILE_MAX_BYTES.defaultValue().orElseThrow(),
            ConfigKey.DISABLE_COMPRESSION.defaultValue().orElseThrow());

    public DataWriterConfig {
        if (bufferMaxItems < 1) {
            throw new IllegalArgumentException("buffer_max_items must be at least 1, got " + bufferMaxItems);
        }
        if (fileMaxItems < 0 || fileMaxBytes < 0) {
            throw new IllegalArgumentException("file_max_items and file_max_bytes must not be negative");
        }
    }

    public DataWriterConfig withBufferMaxItems(int value) {
        return new DataWriterConfig(value, fileMaxItems, fileMaxBytes, disableCompression);
    }

    public DataWriterConfig withFileMaxItems(long value) {
        return new DataWriterConfig(bufferMaxItems, value, fileMaxBytes, disableCompression);
    }

    public DataWriterConfig withFileMaxBytes(long value) {
        return new DataWriterConfig(bufferMaxItems, fileMaxItems, value, disableCompression);
    }

    public DataWriterConfig withDisableCompression(boolean value) {
        return new DataWriterConfig(bufferMaxItems, fileMaxItems, fileMaxBytes, value);
    }

    /** Items held before a flush: never more than a file may hold. */
    public int effectiveBufferItems() {
        return fileMaxItems > 0 ? (int) Math.min(bufferMaxItems, fileMaxItems) : bufferMaxItems;
    }
}
