package dev.dlt4j.source.filesystem;

import dev.dlt4j.Pipeline;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes the test's input files and reads rows back from DuckDB. */
final class TestFiles {
    private TestFiles() {
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path gzip(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void touch(Path file, Instant modified) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final MessageType ORDERS = MessageTypeParser.parseMessageType("""
            message orders {
              required int64 id;
              optional binary customer (STRING);
              optional double total;
              optional boolean paid;
              optional int32 day (DATE);
              optional int64 at (TIMESTAMP(MICROS,true));
              optional int64 price (DECIMAL(12,2));
              optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
              optional group address { optional binary city (STRING); optional int32 zip; }
            }""");

    /** A parquet file of {@code rows} orders, written by Apache Parquet's own writer in row groups of ~{@code rowGroupBytes}. */
    static Path parquet(Path file, int from, int rows, CompressionCodecName codec, long rowGroupBytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            SimpleGroupFactory f = new SimpleGroupFactory(ORDERS);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                    .withConf(new PlainParquetConfiguration()).withType(ORDERS).withCompressionCodec(codec)
                    .withCodecFactory(COMPRESSING)
                    .withRowGroupSize(rowGroupBytes).withPageRowCountLimit(100).build()) {
                for (int i = from; i < from + rows; i++) {
                    Group g = f.newGroup().append("id", (long) i);
                    if (i % 10 != 3) {
                        g.append("customer", "c" + i);
                    }
                    g.append("total", i * 1.5).append("paid", i % 2 == 0)
                            .append("day", (int) LocalDate.of(2024, 1, 1).plusDays(i).toEpochDay())
                            .append("at", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i).getEpochSecond()
                                    * 1_000_000L)
                            .append("price", new BigDecimal(i + ".25").unscaledValue().longValueExact());
                    Group list = g.addGroup("tags");
                    list.addGroup("list").append("element", "t" + i);
                    list.addGroup("list").append("element", "u" + i);
                    g.addGroup("address").append("city", "City " + i).append("zip", 10_000 + i);
                    w.write(g);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reader's codecs plus compressors, so that the test writes snappy and gzip pages without Hadoop. */
    private static final org.apache.parquet.compression.CompressionCodecFactory COMPRESSING =
            new org.apache.parquet.compression.CompressionCodecFactory() {
                @Override
                public BytesInputCompressor getCompressor(CompressionCodecName codec) {
                    return new BytesInputCompressor() {
                        @Override
                        public org.apache.parquet.bytes.BytesInput compress(org.apache.parquet.bytes.BytesInput bytes)
                                throws IOException {
                            return switch (codec) {
                                case SNAPPY -> org.apache.parquet.bytes.BytesInput.from(
                                        org.xerial.snappy.Snappy.compress(bytes.toByteArray()));
                                case GZIP -> {
                                    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                                    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                                        bytes.writeAllTo(gz);
                                    }
                                    yield org.apache.parquet.bytes.BytesInput.from(buf.toByteArray());
                                }
                                default -> bytes;
                            };
                        }

                        @Override
                        public CompressionCodecName getCodecName() {
                            return codec;
                        }

                        @Override
                        public void release() {
                        }
                    };
                }

                @Override
                public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
                    return ParquetRows.CODECS.getDecompressor(codec);
                }

                @Override
                public void release() {
                }
            };

    static Pipeline.Builder duckdb(Path tmp, String name) {
        return Pipeline.builder(name).destination("duckdb:" + tmp.resolve(name + ".duckdb").toAbsolutePath())
                .dataset(name + "_data").pipelinesDir(tmp.resolve("pipelines"));
    }

    static List<Map<String, Object>> query(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath())) {
            return query(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static List<Map<String, Object>> query(Connection c, String sql) {
        return dev.dlt4j.testing.JdbcRows.of(c, sql);
    }

    /** Column name to DuckDB type, in table order, without dlt's own columns. */
    static Map<String, String> columnTypes(Path db, String schema, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : query(db, "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = '" + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            String col = (String) r.get("column_name");
            if (!col.startsWith("_dlt_")) {
                out.put(col, (String) r.get("data_type"));
            }
        }
        return out;
    }
}
