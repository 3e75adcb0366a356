package dev.dlt4j.bench;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.examples.DemoData;
import dev.dlt4j.extract.ExtractKernel;
import dev.dlt4j.spi.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Issue 17's codec of extracted files, measured on the files alone: three extracted files are
 * written plain once (1M FLAT rows and 200k NESTED issues as {@code typed-rows}, 1M FLAT rows as
 * {@code typed-columns}), then each codec compresses each file (its bytes handed over in 256 KiB
 * writes, as the extract stage's buffer flushes do) and decompresses it again (read through in
 * 64 KiB reads). Reported per file and codec: the process's CPU seconds of writing and of reading
 * (the background gzip thread included), the thread's, and the compressed size. Round 1 is a fresh
 * JVM's cost, later rounds the warm one.
 * {@code java -Xmx512m -XX:+UseSerialGC -cp <cli jar>:dlt4j-bench/target/classes:dlt4j-bench/target/test-classes
 * dev.dlt4j.bench.CodecAb 3 [codec,...]}
 */
public final class CodecAb {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CodecAb() {
    }

    interface Codec {
        OutputStream out(OutputStream raw) throws IOException;

        InputStream in(InputStream raw) throws IOException;
    }

    static Map<String, Codec> codecs() {
        Map<String, Codec> c = new LinkedHashMap<>();
        c.put("plain", codec(raw -> new BufferedOutputStream(raw, 1 << 16), raw -> raw));
        c.put("gzip1-bg", codec(raw -> dev.dlt4j.storage.BenchCodecs.open(raw, java.util.Optional.of(Compression.Codec.GZIP)), raw -> new GZIPInputStream(raw, 1 << 16)));
        // what extract writes now: LZ4 frames on the background thread (FileCodecs), read back as normalize does
        c.put("lz4-bg", codec(raw -> dev.dlt4j.storage.BenchCodecs.open(raw, java.util.Optional.of(Compression.Codec.LZ4)),
                raw -> new LZ4FrameInputStream(raw, LZ4Factory.fastestInstance().safeDecompressor(),
                        XXHashFactory.fastestInstance().hash32())));
        c.put("gzip1-fg", codec(raw -> new GZIPOutputStream(raw, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }, raw -> new GZIPInputStream(raw, 1 << 16)));
        c.put("huffman-fg", codec(raw -> {
            Deflater d = new Deflater(Deflater.BEST_SPEED, true);
            d.setStrategy(Deflater.HUFFMAN_ONLY);
            return new DeflaterOutputStream(raw, d, 1 << 16);
        }, raw -> new InflaterInputStream(raw, new Inflater(true), 1 << 16)));
        for (String f : List.of("jni", "unsafe", "safe")) {
            LZ4Factory lz = switch (f) {
                case "jni" -> LZ4Factory.nativeInstance();
                case "unsafe" -> LZ4Factory.unsafeInstance();
                default -> LZ4Factory.safeInstance();
            };
            XXHashFactory xx = switch (f) {
                case "jni" -> XXHashFactory.nativeInstance();
                case "unsafe" -> XXHashFactory.unsafeInstance();
                default -> XXHashFactory.safeInstance();
            };
            for (boolean sum : new boolean[] {false, true}) {
                for (LZ4FrameOutputStream.BLOCKSIZE size : List.of(LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                        LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB)) {
                    String name = "lz4-" + f + (sum ? "-sum" : "") + "-" + (size.ordinal() == 0 ? "64k" : "256k");
                    LZ4FrameOutputStream.FLG.Bits[] bits = sum
                            ? new LZ4FrameOutputStream.FLG.Bits[] {LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM}
                            : new LZ4FrameOutputStream.FLG.Bits[] {LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE};
                    c.put(name, codec(raw -> new LZ4FrameOutputStream(raw, size, -1L, lz.fastCompressor(),
                            xx.hash32(), bits), raw -> new LZ4FrameInputStream(raw, lz.safeDecompressor(), xx.hash32())));
                }
            }
        }
        return c;
    }

    interface OutOpener {
        OutputStream open(OutputStream raw) throws IOException;
    }

    interface InOpener {
        InputStream open(InputStream raw) throws IOException;
    }

    static Codec codec(OutOpener out, InOpener in) {
        return new Codec() {
            @Override
            public OutputStream out(OutputStream raw) throws IOException {
                return out.open(raw);
            }

            @Override
            public InputStream in(InputStream raw) throws IOException {
                return in.open(raw);
            }
        };
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Map<String, Codec> all = codecs();
        List<String> names = args.length > 1 ? List.of(args[1].split(",")) : List.copyOf(all.keySet());
        Path dir = Files.createTempDirectory("codec-ab");
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("flat-rows", plainRows(dir.resolve("flat.typed-rows"), 1_000_000, DemoData::flat));
        files.put("nested-rows", plainRows(dir.resolve("nested.typed-rows"), 200_000, DemoData::issue));
        files.put("flat-columns", plainColumns(dir.resolve("flat.typed-columns"), 1_000_000));
        for (Map.Entry<String, Path> f : files.entrySet()) {
            System.out.printf("%s: %.1f MB plain%n", f.getKey(), Files.size(f.getValue()) / 1e6);
        }
        byte[] chunk = new byte[1 << 18];
        byte[] sink = new byte[1 << 16];
        for (int round = 1; round <= rounds; round++) {
            for (String name : names) {
                Codec codec = all.get(name);
                StringBuilder line = new StringBuilder(String.format("round %d %-18s", round, name));
                for (Map.Entry<String, Path> f : files.entrySet()) {
                    Path packed = dir.resolve("packed");
                    long p0 = ScenarioRun.processCpuNanos();
                    long t0 = MX.getCurrentThreadCpuTime();
                    try (InputStream plain = Files.newInputStream(f.getValue());
                            OutputStream out = codec.out(Files.newOutputStream(packed))) {
                        int n;
                        while ((n = plain.readNBytes(chunk, 0, chunk.length)) > 0) {
                            out.write(chunk, 0, n);
                        }
                    }
                    long wp = ScenarioRun.processCpuNanos() - p0;
                    long wt = MX.getCurrentThreadCpuTime() - t0;
                    long size = Files.size(packed);
                    p0 = ScenarioRun.processCpuNanos();
                    t0 = MX.getCurrentThreadCpuTime();
                    long read = 0;
                    try (InputStream in = codec.in(Files.newInputStream(packed))) {
                        int n;
                        while ((n = in.read(sink, 0, sink.length)) >= 0) {
                            read += n;
                        }
                    }
                    long rp = ScenarioRun.processCpuNanos() - p0;
                    long rt = MX.getCurrentThreadCpuTime() - t0;
                    if (read != Files.size(f.getValue())) {
                        throw new IllegalStateException(name + " read " + read + " bytes of " + f.getKey());
                    }
                    Files.delete(packed);
                    line.append(String.format(" | %s w %.3f (%.3f) r %.3f (%.3f) = %.3f, %.1f MB", f.getKey(),
                            wp / 1e9, wt / 1e9, rp / 1e9, rt / 1e9, (wp + rp) / 1e9, size / 1e6));
                }
                System.out.println(line);
            }
        }
        for (Path f : files.values()) {
            Files.delete(f);
        }
        Files.delete(dir);
    }

    private static Path plainRows(Path file, int rows, java.util.function.LongFunction<Map<String, Object>> row)
            throws IOException {
        ExtractKernel k = new ExtractKernel();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            k.startRows(out);
            for (Iterator<List<Map<String, Object>>> it = DemoData.pages(0, rows, 1000, row); it.hasNext();) {
                k.mapPage(it.next(), out);
            }
        }
        return file;
    }

    private static Path plainColumns(Path file, int rows) throws IOException {
        ExtractKernel k = new ExtractKernel();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            k.startColumns(out);
            for (Iterator<ColumnPage> it = FlatRow.pages(0, rows, 1000); it.hasNext();) {
                k.columnPage(it.next(), out);
            }
        }
        return file;
    }
}
