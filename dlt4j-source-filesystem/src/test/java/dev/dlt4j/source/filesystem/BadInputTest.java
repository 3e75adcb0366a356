package dev.dlt4j.source.filesystem;

import static dev.dlt4j.source.filesystem.TestFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.dlt4j.PipelineException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input fails with a message that names the file (or glob) and where; nothing is loaded. */
class BadInputTest {
    @TempDir
    Path tmp;

    /** The rows a source yields, read without a pipeline (the reader's own error, unwrapped). */
    private static List<Map<String, Object>> rows(FilesystemSource source) {
        FilePages pages = new FilePages(FileGlob.parse(source.bucketUrl() + "/" + source.fileGlob()), 100, false);
        FileReading reading = new FileReading(java.util.Optional.empty(), List.of(), 1000, ',', true);
        List<Map<String, Object>> out = new ArrayList<>();
        while (pages.hasNext()) {
            reading.read(pages.next()).forEachRemaining(out::addAll);
        }
        return out;
    }

    @Test
    void aGlobThatMatchesNothingNamesTheGlobAndTheWayOut() {
        write(tmp.resolve("data/a.csv"), "id\n1\n");
        String glob = tmp.resolve("data").toUri() + "*.jsonl";
        assertThatThrownBy(() -> duckdb(tmp, "empty").build().run(FilesystemSource.of(glob).source()))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("no file matches " + tmp.resolve("data").toUri().toString().replaceAll("/$", "")
                        + "/*.jsonl")
                .hasMessageContaining("allow_empty");
    }

    @Test
    void anEmptyMatchIsFineWhenAllowed() {
        write(tmp.resolve("data/a.csv"), "id\n1\n");
        duckdb(tmp, "allowed").build().run(FilesystemSource.of(tmp.resolve("data") + "/*.jsonl").allowEmpty(true)
                .source());
        assertThat(query(tmp.resolve("allowed.duckdb"), "SELECT count(*) AS n FROM information_schema.tables"
                + " WHERE table_name = 'data'")).containsExactly(Map.of("n", 0L));
    }

    @Test
    void aMissingFolderOrAFileAsFolderIsNamed() {
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("nope") + "/*.csv")))
                .hasMessageContaining("bucket folder " + tmp.resolve("nope") + " does not exist");
        write(tmp.resolve("file.csv"), "id\n1\n");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("file.csv").toString(), "*.csv")))
                .hasMessageContaining("bucket_url " + tmp.resolve("file.csv") + " is not a folder");
    }

    @Test
    void anUnreadableFolderIsNamed() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every folder");
        Path locked = Files.createDirectories(tmp.resolve("locked/inner"));
        write(locked.resolve("a.csv"), "id\n1\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("locked") + "/**/*.csv")))
                    .hasMessageContaining("cannot list folder " + locked).hasMessageContaining("permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aTruncatedGzipNamesTheFileAndLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("{\"id\": ").append(i).append(", \"text\": \"row ").append(i * 7919L % 100_003).append("\"}\n");
        }
        Path full = gzip(tmp.resolve("ev/full.jsonl.gz"), sb.toString());
        byte[] bytes = Files.readAllBytes(full);
        Files.write(tmp.resolve("ev/cut.jsonl.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(full);
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("ev") + "/*.jsonl.gz")))
                .isInstanceOf(FileReadException.class)
                .hasMessageStartingWith(tmp.resolve("ev/cut.jsonl.gz").toUri() + ": line ")
                .hasMessageContaining("gzip data is truncated or corrupt");
    }

    @Test
    void aTruncatedJsonlNamesTheFileAndLine() {
        write(tmp.resolve("j/a.jsonl"), "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3, \"na");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("j") + "/*.jsonl")))
                .hasMessageStartingWith(tmp.resolve("j/a.jsonl").toUri() + ": line 3: invalid JSON")
                .hasMessageContaining("truncated");
        write(tmp.resolve("j/a.jsonl"), "{\"id\": 1}\n[1, 2]\n");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("j") + "/*.jsonl")))
                .hasMessage(tmp.resolve("j/a.jsonl").toUri() + ": line 2: an array where a JSON object was"
                        + " expected; a jsonl file holds one object per line");
    }

    @Test
    void aBadCsvRecordNamesTheFileAndLine() {
        write(tmp.resolve("c/a.csv"), "id,name\n1,a\n\n2,b,extra\n");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("c") + "/*.csv")))
                .hasMessage(tmp.resolve("c/a.csv").toUri() + ": line 4: 3 fields where the header has 2; every"
                        + " record needs one field per header column");
        write(tmp.resolve("c/a.csv"), "id,name\n1,a\n2,\"never closed\n3,c\n");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("c") + "/*.csv")))
                .hasMessage(tmp.resolve("c/a.csv").toUri() + ": line 3: a quoted field is never closed (the file"
                        + " ends inside it; truncated?)");
        write(tmp.resolve("c/a.csv"), "id,name,city\n1,a,x\n2,b");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("c") + "/*.csv")))
                .hasMessageContaining(": line 3: 2 fields where the header has 3 (the file may be truncated)");
        write(tmp.resolve("c/a.csv"), "id,id\n1,2\n");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("c") + "/*.csv")))
                .hasMessageContaining(": line 1: column 'id' appears twice in the CSV header");
    }

    @Test
    void aTruncatedParquetFileNamesTheFile() throws IOException {
        Path file = parquet(tmp.resolve("p/a.parquet"), 0, 100, CompressionCodecName.SNAPPY, 1 << 20);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("p") + "/*.parquet")))
                .hasMessageStartingWith(file.toUri() + ": not a readable Parquet file")
                .hasMessageContaining("truncated");
    }

    @Test
    void aCorruptRowGroupNamesTheFileAndRowGroup() throws IOException {
        Path file = parquet(tmp.resolve("p/b.parquet"), 0, 3_000, CompressionCodecName.SNAPPY, 8 * 1024);
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // garble the data pages in the middle of the file; the footer stays intact
            for (long at = size / 2; at < size / 2 + 2_000; at++) {
                raf.seek(at);
                raf.write(0x55);
            }
        }
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("p") + "/*.parquet")))
                .isInstanceOf(FileReadException.class)
                .hasMessageStartingWith(file.toUri() + ": row group ")
                .hasMessageMatching("(?s).*row group \\d+ of \\d+.*");
    }

    @Test
    void aFileOfNoKnownFormatSaysWhatIsAllowed() {
        write(tmp.resolve("u/readme.txt"), "hello");
        assertThatThrownBy(() -> rows(FilesystemSource.of(tmp.resolve("u") + "/*")))
                .hasMessage(tmp.resolve("u/readme.txt").toUri() + ": cannot tell the file's format from its name;"
                        + " name it .csv, .jsonl, .ndjson or .parquet (optionally .gz), or set the format (allowed:"
                        + " csv, jsonl, parquet)");
    }

    @Test
    void aFailedFileLoadsNothingOfTheRun() {
        write(tmp.resolve("m/a.csv"), "id\n1\n2\n");
        write(tmp.resolve("m/b.csv"), "id\n3\n4,5\n");
        assertThatThrownBy(() -> duckdb(tmp, "half").build().run(FilesystemSource.of(tmp.resolve("m") + "/*.csv")
                .source())).isInstanceOf(PipelineException.class).hasMessageContaining("b.csv: line 3");
        assertThat(query(tmp.resolve("half.duckdb"), "SELECT count(*) AS n FROM information_schema.tables"
                + " WHERE table_schema = 'half_data' AND table_name = 'm'")).containsExactly(Map.of("n", 0L));
    }

    @Test
    void otherSchemesAndBadSettingsAreRefusedUpFront() {
        assertThatThrownBy(() -> FilesystemSource.of("s3://bucket/*.csv"))
                .hasMessage("bucket_url 's3://bucket/*.csv' uses scheme 's3', which dlt4j's filesystem source does"
                        + " not read; allowed: file:// urls and local paths");
        assertThatThrownBy(() -> FilesystemSource.of("file:///data", "/abs/*.csv"))
                .hasMessage("file_glob '/abs/*.csv' must be relative to bucket_url 'file:///data' (no leading /)");
        assertThatThrownBy(() -> FilesystemSource.of("file:///data/*.csv").chunkSize(0))
                .hasMessage("chunksize = 0 is not allowed; give a number of at least 1");
        assertThatThrownBy(() -> FilesystemSource.of("file:///data/*.csv").incremental(
                dev.dlt4j.Incremental.on("modification_date").rowOrder(dev.dlt4j.RowOrder.ASC)))
                .hasMessage("incremental 'modification_date' with row_order asc: files are listed by path, not by"
                        + " modification_date, so no file can end the listing early; leave row_order unset");
        assertThatThrownBy(() -> FileColumn.named("size"))
                .hasMessage("unknown file column 'size'; allowed: file_url, file_name, relative_path,"
                        + " modification_date, size_in_bytes");
    }
}
