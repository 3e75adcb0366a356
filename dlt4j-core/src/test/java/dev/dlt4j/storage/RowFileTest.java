package dev.dlt4j.storage;

import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowFileTest {
    @TempDir
    Path tmp;

    private static void writeRow(RowFileWriter w, long i) {
        w.beginRow();
        w.key("id");
        w.longValue(i);
        w.key("neg");
        w.longValue(-i);
        w.key("d");
        w.doubleValue(i / 3.0);
        w.key("s");
        w.string("héllo " + i);
        w.key("dec");
        w.decimal(new BigDecimal("12.30"));
        w.key("big");
        w.bigInteger(new BigInteger("123456789012345678901234567890"));
        w.key("ts");
        w.timestamp(Instant.parse("2024-01-02T03:04:05.123456789Z"));
        w.key("day");
        w.date(LocalDate.of(1969, 12, 31));
        w.key("t");
        w.time(LocalTime.of(23, 59, 1));
        w.key("b");
        w.binary(new byte[] {0, -1, 7});
        w.key("flag");
        w.bool(true);
        w.key("none");
        w.nullValue();
        w.key("obj");
        w.beginMap();
        w.key("inner");
        w.string("x");
        w.endMap();
        w.key("list");
        w.beginList(2);
        w.longValue(1);
        w.string("two");
        w.endMap();
    }

    /** Writes {@code n} rows into one typed-rows file of table t in {@code folder}, as extract does. */
    private static Path writeFile(Path folder, boolean gzip, int n) {
        BufferedDataWriter<RowFileWriter> w = new BufferedDataWriter<>(folder, "t", new RowFileWriter(),
                new BufferedDataWriter.Limits(5000, 0, 0, gzip));
        for (long i = 0; i < n; i++) {
            writeRow(w.encoder(), i);
            w.endItem(1);
        }
        w.close();
        assertThat(w.files()).hasSize(1);
        return folder.resolve(w.files().get(0).fileName());
    }

    @Test
    void theSharedRowReadsTheSameRowsAsFreshMaps() throws Exception {
        Path f = writeFile(Files.createDirectories(tmp.resolve("shared")), false, 50);
        List<Map<String, Object>> fresh = new ArrayList<>();
        try (RowFileReader r = new RowFileReader(f)) {
            Map<String, Object> row;
            while ((row = r.next()) != null) {
                fresh.add(row);
            }
        }
        try (RowFileReader r = new RowFileReader(f)) {
            Map<String, Object> first = null;
            for (Map<String, Object> expected : fresh) {
                Map<String, Object> row = r.nextShared();
                first = first == null ? row : first;
                assertThat(row).isSameAs(first); // one map for every row
                assertThat(new ArrayList<>(row.keySet())).containsExactlyElementsOf(expected.keySet());
                for (String k : expected.keySet()) {
                    assertThat(row.containsKey(k)).isTrue();
                    if (expected.get(k) instanceof byte[] b) {
                        assertThat((byte[]) row.get(k)).containsExactly(b);
                    } else {
                        assertThat(row.get(k)).isEqualTo(expected.get(k)); // nested maps compare as maps
                    }
                }
                assertThat(row.get("no such key")).isNull();
            }
            assertThat(r.nextShared()).isNull();
        }
    }

    /**
     * Rows whose keys change order, instances, nesting and count from row to row (the writer caches
     * each position's key of the previous row) read back with their own keys.
     */
    @Test
    void keysThatChangeFromRowToRowReadBackAsWritten() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        List<Map<String, Object>> written = new ArrayList<>();
        BufferedDataWriter<RowFileWriter> w = new BufferedDataWriter<>(Files.createDirectories(tmp.resolve("keys")),
                "t", new RowFileWriter(), new BufferedDataWriter.Limits(7, 0, 0, false));
        String[] pool = {"a", "b", "c", "d", "e"};
        for (int r = 0; r < 300; r++) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            RowFileWriter e = w.encoder();
            e.beginRow();
            int n = r == 100 ? 1500 : random.nextInt(6); // one row wider than the positions cached
            for (int i = 0; i < n; i++) {
                // the same names as new instances half of the time, and sometimes a nested map between
                String key = n > 5 ? "k" + i : random.nextBoolean() ? pool[random.nextInt(pool.length)]
                        : new String(pool[random.nextInt(pool.length)] + "x");
                if (row.containsKey(key)) {
                    continue;
                }
                e.key(key);
                if (random.nextInt(4) == 0) {
                    e.beginMap();
                    String inner = pool[random.nextInt(pool.length)];
                    e.key(inner);
                    e.longValue(i);
                    e.endMap();
                    row.put(key, Map.of(inner, (long) i));
                } else {
                    e.longValue(i);
                    row.put(key, (long) i);
                }
            }
            e.endMap();
            w.endItem(1);
            written.add(row);
        }
        w.close();
        List<Map<String, Object>> read = new ArrayList<>();
        try (RowFileReader r = new RowFileReader(tmp.resolve("keys").resolve(w.files().get(0).fileName()))) {
            Map<String, Object> row;
            while ((row = r.next()) != null) {
                read.add(row);
            }
        }
        assertThat(read).isEqualTo(written);
        for (int i = 0; i < read.size(); i++) {
            assertThat(new ArrayList<>(read.get(i).keySet())).containsExactlyElementsOf(written.get(i).keySet());
        }
    }

    /**
     * Keys cached by position must not outlive their file: every file starts its own key table, so
     * rows spread over many rotated files (file_max_items), with keys changing order, instances and
     * nesting (maps inside lists too), each read back from their own file as written.
     */
    @Test
    void keysThatChangeAcrossRotatedFilesReadBackAsWritten() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(gzip ? 11 : 12);
            Path folder = Files.createDirectories(tmp.resolve("rotated-" + gzip));
            BufferedDataWriter<RowFileWriter> w = new BufferedDataWriter<>(folder, "t", new RowFileWriter(),
                    new BufferedDataWriter.Limits(3, 7, 0, gzip));
            String[] pool = {"a", "b", "c", "d", "e", "f"};
            List<Map<String, Object>> written = new ArrayList<>();
            Map<String, Object> previous = Map.of();
            for (int r = 0; r < 400; r++) {
                // half of the rows repeat the previous row's keys (the cache's case), shuffled now and then
                List<String> keys = new ArrayList<>();
                if (random.nextBoolean()) {
                    keys.addAll(previous.keySet());
                    if (random.nextInt(3) == 0) {
                        java.util.Collections.shuffle(keys, new java.util.Random(random.nextLong()));
                    }
                } else {
                    int n = random.nextInt(7);
                    for (int i = 0; i < n; i++) {
                        String k = pool[random.nextInt(pool.length)];
                        keys.add(random.nextInt(3) == 0 ? new String(k) : k);
                    }
                }
                RowFileWriter e = w.encoder();
                e.beginRow();
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (String key : keys) {
                    if (row.containsKey(key)) {
                        continue;
                    }
                    e.key(key);
                    row.put(key, writeValue(e, random, pool, 0));
                }
                e.endMap();
                w.endItem(1);
                written.add(row);
                previous = row;
            }
            w.close();
            assertThat(w.files()).hasSizeGreaterThan(40);
            List<Map<String, Object>> read = new ArrayList<>();
            for (JobFileName f : w.files()) {
                try (RowFileReader r = new RowFileReader(folder.resolve(f.fileName()))) {
                    Map<String, Object> row;
                    while ((row = r.next()) != null) {
                        read.add(row);
                    }
                }
            }
            assertThat(read).isEqualTo(written);
            for (int i = 0; i < read.size(); i++) {
                assertThat(new ArrayList<>(read.get(i).keySet())).as("row %d", i)
                        .containsExactlyElementsOf(written.get(i).keySet());
            }
        }
    }

    /** Writes a random value (a long, a map or a list of maps) and returns what reading it gives. */
    private static Object writeValue(RowFileWriter e, java.util.SplittableRandom random, String[] pool, int depth) {
        int kind = depth < 2 ? random.nextInt(4) : 0;
        if (kind == 1) {
            e.beginMap();
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                String k = pool[random.nextInt(pool.length)];
                if (!m.containsKey(k)) {
                    e.key(random.nextBoolean() ? new String(k) : k);
                    m.put(k, writeValue(e, random, pool, depth + 1));
                }
            }
            e.endMap();
            return m;
        }
        if (kind == 2) {
            int n = random.nextInt(3);
            e.beginList(n);
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(writeValue(e, random, pool, depth + 1));
            }
            return l;
        }
        long v = random.nextLong(-5, 1000);
        e.longValue(v);
        return v;
    }

    @Test
    void everyValueTypeRoundTrips() throws Exception {
        for (boolean compress : new boolean[] {true, false}) {
            Path f = writeFile(Files.createDirectories(tmp.resolve("compress-" + compress)), compress, 3);
            assertThat(f.getFileName().toString()).endsWith(compress ? ".typed-rows.lz4" : ".typed-rows");
            assertThat(Compression.codecOf(f)).isEqualTo(compress ? Optional.of(Compression.Codec.LZ4) : Optional.empty());
            List<Map<String, Object>> rows = new ArrayList<>();
            try (RowFileReader r = new RowFileReader(f)) {
                Map<String, Object> row;
                while ((row = r.next()) != null) {
                    rows.add(row);
                }
            }
            assertThat(rows).hasSize(3);
            Map<String, Object> last = rows.get(2);
            assertThat(last).containsEntry("id", 2L).containsEntry("neg", -2L).containsEntry("d", 2 / 3.0)
                    .containsEntry("s", "héllo 2").containsEntry("dec", new BigDecimal("12.30"))
                    .containsEntry("big", new BigInteger("123456789012345678901234567890"))
                    .containsEntry("ts", Instant.parse("2024-01-02T03:04:05.123456789Z"))
                    .containsEntry("day", LocalDate.of(1969, 12, 31)).containsEntry("t", LocalTime.of(23, 59, 1))
                    .containsEntry("flag", true).containsEntry("none", null)
                    .containsEntry("obj", Map.of("inner", "x")).containsEntry("list", List.of(1L, "two"));
            assertThat((byte[]) last.get("b")).containsExactly(0, -1, 7);
            assertThat(last.keySet()).containsExactly("id", "neg", "d", "s", "dec", "big", "ts", "day", "t", "b",
                    "flag", "none", "obj", "list");
        }
    }

    @Test
    void rowsReachTheFileOnlyWhenTheBufferIsFull() throws Exception {
        BufferedDataWriter<RowFileWriter> w = new BufferedDataWriter<>(tmp, "t", new RowFileWriter(),
                new BufferedDataWriter.Limits(2, 0, 0, false));
        writeRow(w.encoder(), 1);
        w.endItem(1);
        assertThat(w.files()).isEmpty();
        assertThat(w.encoder().pendingBytes()).isPositive();
        int pending = w.encoder().pendingBytes();
        writeRow(w.encoder(), 2);
        w.endItem(1);
        assertThat(w.encoder().pendingBytes()).isZero();
        assertThat(w.flushes()).isEqualTo(1);
        Path f = tmp.resolve(w.files().get(0).fileName());
        assertThat(Files.size(f)).isGreaterThan(pending + RowFileWriter.MAGIC.length);
        w.close();
        assertThat(w.itemsPerFile()).containsExactly(Map.entry(w.files().get(0), 2L));
    }

    @Test
    void eachRotatedFileIsReadOnItsOwn() throws Exception {
        BufferedDataWriter<RowFileWriter> w = new BufferedDataWriter<>(tmp, "t", new RowFileWriter(),
                new BufferedDataWriter.Limits(2, 2, 0, false));
        for (long i = 0; i < 5; i++) {
            writeRow(w.encoder(), i);
            w.endItem(1);
        }
        w.close();
        assertThat(w.itemsPerFile().values()).containsExactly(2L, 2L, 1L);
        try (RowFileReader r = new RowFileReader(tmp.resolve(w.files().get(2).fileName()))) {
            assertThat(r.next()).containsEntry("id", 4L).containsEntry("s", "héllo 4");
            assertThat(r.next()).isNull();
        }
    }

    /** An uncompressed file of one row {@code {"t": time, "s": text}} whose bytes {@code from} are replaced by {@code to}. */
    private Path damagedRow(LocalTime time, String text, byte[] from, byte[] to) throws java.io.IOException {
        Path folder = Files.createDirectories(tmp.resolve("damaged"));
        BufferedDataWriter<RowFileWriter> w = new BufferedDataWriter<>(folder, "t", new RowFileWriter(),
                new BufferedDataWriter.Limits(10, 0, 0, false));
        w.encoder().beginRow();
        w.encoder().key("t");
        w.encoder().time(time);
        w.encoder().key("s");
        w.encoder().string(text);
        w.endItem(1);
        w.close();
        Path f = folder.resolve(w.files().get(0).fileName());
        byte[] bytes = Files.readAllBytes(f);
        int at = indexOf(bytes, from);
        assertThat(at).as("the bytes to damage").isNotNegative();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.write(to);
        out.write(bytes, at + from.length, bytes.length - at - from.length);
        Files.write(f, out.toByteArray());
        return f;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] varint(long v) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    @Test
    void aValueNoWriterWritesIsDamageNamingTheFile() throws Exception {
        // a time of day past midnight, where LocalTime.MAX was written (no checksum in an uncompressed file)
        Path f = damagedRow(LocalTime.MAX, "x", varint(LocalTime.MAX.toNanoOfDay()), varint(86_400_000_000_000L));
        try (RowFileReader r = new RowFileReader(f)) {
            assertThatThrownBy(r::nextShared).isInstanceOf(DamagedFileException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining("corrupt");
        }
        try (RowFileReader r = new RowFileReader(f)) {
            assertThatThrownBy(r::next).isInstanceOf(DamagedFileException.class).hasMessageContaining("corrupt");
        }
    }

    @Test
    void aDamagedLengthFailsWhenTheFileEndsNotByTakingTheMemoryItNames() throws Exception {
        byte[] text = "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] from = new byte[] {3, text[0], text[1], text[2]};
        byte[] length = varint(2_000_000_000L);
        byte[] to = java.util.Arrays.copyOf(length, length.length + text.length);
        System.arraycopy(text, 0, to, length.length, text.length);
        Path f = damagedRow(LocalTime.NOON, "abc", from, to);
        try (RowFileReader r = new RowFileReader(f)) {
            assertThatThrownBy(r::nextShared).isInstanceOf(DamagedFileException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void aFileOfAnotherVersionIsNotDamageAndNamesBothVersions() throws Exception {
        Path f = tmp.resolve("v2.typed-rows");
        Files.write(f, "DLT4J-ROWS/2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new RowFileReader(f)).isInstanceOf(StorageException.class)
                .hasMessageContaining("another version").hasMessageContaining("DLT4J-ROWS/2");
    }

    @Test
    void aFileInAnotherFormatIsRejectedNamingIt() throws Exception {
        Path f = tmp.resolve("bad.typed-rows");
        Files.writeString(f, "{\"id\": 1}\n");
        assertThatThrownBy(() -> new RowFileReader(f)).isInstanceOf(DamagedFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not a typed-rows file");
    }

    @Test
    void jobFileNamesFollowDltsLayout() {
        JobFileName n = JobFileName.parse("issues__labels.0a1b2c3d4e.2.jsonl.gz");
        assertThat(n.table()).isEqualTo("issues__labels");
        assertThat(n.retryCount()).isEqualTo(2);
        assertThat(n.compressed()).isTrue();
        assertThat(n.jobId()).isEqualTo("issues__labels.0a1b2c3d4e.jsonl.gz");
        assertThat(n.withRetry(3).fileName()).isEqualTo("issues__labels.0a1b2c3d4e.3.jsonl.gz");
        assertThat(JobFileName.create("t", "jsonl", false).fileId()).matches("[0-9a-f]{10}");
        assertThatThrownBy(() -> JobFileName.parse("no_dots")).hasMessageContaining("is not a job file name");
    }

    @Test
    void loadIdsIncreaseStrictly() {
        String a = LoadIds.next();
        String b = LoadIds.next();
        assertThat(b.compareTo(a)).isPositive();
        assertThat(a).matches("\\d{10}\\.\\d{6}");
        assertThat(LoadIds.toInstant(a)).isBeforeOrEqualTo(Instant.now());
    }
}
