package dev.dlt4j.filesystem;

import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import org.apache.parquet.format.Util;

/**
 * Counts the rows of a job file as written into the dataset, so the loader can check that the
 * file a reader sees holds every row normalize wrote: jsonl one row per line (JSON escapes line
 * breaks in strings), csv one record per line outside quotes after the header, parquet from its
 * footer.
 */
final class FileRows {
    private FileRows() {
    }

    static long count(Path file, JobFileName job) throws IOException {
        return count(file, job.format(), job.compressed());
    }

    /** The rows of a file in {@code format} (parquet, csv, else one row per line), gzipped when {@code compressed}. */
    static long count(Path file, String format, boolean compressed) throws IOException {
        return switch (format) {
            case "parquet" -> parquetRows(file);
            case "csv" -> countLines(file, compressed, true) - 1;
            default -> countLines(file, compressed, false);
        };
    }

    /**
     * The row count in a parquet file's footer: the last 8 bytes are the footer's length and
     * {@code PAR1}. Read with the format's own metadata reader, so no Hadoop class is needed.
     */
    private static long parquetRows(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 12 || ch.read(tail, size - 8) != 8 || tail.get(4) != 'P' || tail.get(7) != '1') {
                throw new IOException("not a parquet file (no PAR1 footer): " + file);
            }
            int length = tail.getInt(0);
            if (length <= 0 || length > size - 12) {
                throw new IOException("parquet footer length " + length + " does not fit in " + file);
            }
            ByteBuffer footer = ByteBuffer.allocate(length);
            ch.read(footer, size - 8 - length);
            return Util.readFileMetaData(new ByteArrayInputStream(footer.array())).getNum_rows();
        }
    }

    /** Lines ended by '\n' (and a last one without it), not counting line breaks inside quotes when {@code csv}. */
    private static long countLines(Path file, boolean gzip, boolean csv) throws IOException {
        long lines = 0;
        boolean quoted = false;
        int last = '\n';
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new BufferedInputStream(Compression.openInput(Files.newInputStream(file), gzip), 1 << 16)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (csv && b == '"') {
                        quoted = !quoted; // an escaped quote ("") toggles twice
                    } else if (b == '\n' && !quoted) {
                        lines++;
                    }
                }
                last = buf[n - 1];
            }
        }
        return last == '\n' ? lines : lines + 1;
    }
}
