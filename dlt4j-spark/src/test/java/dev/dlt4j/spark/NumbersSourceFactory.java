package dev.dlt4j.spark;

import dev.dlt4j.Config;
import dev.dlt4j.Incremental;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.SourcePartition;
import dev.dlt4j.spi.SplittableSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * A user's splittable source, written only against the SPI: rows {@code id} in {@code [from, to)}
 * with a {@code name}; rows from {@code extra_from} on also have a column {@code extra} (schema
 * evolution in one partition only). {@code fail_once} names a marker file: the first task to
 * find it missing creates it and fails (an injected fault that a retry gets past).
 * {@code incremental} ({@code max}, {@code min} or {@code custom}) puts an incremental cursor on {@code id} from
 * {@code initial} (default: {@code from} for max, {@code to} for min); {@code rows_to} ends the rows
 * that exist (default {@code to}): a split of {@code [from, to)} into windows beyond it has empty
 * windows, as a backfill whose end lies past the data has.
 */
public final class NumbersSourceFactory implements SplittableSource {

    @Override
    public String type() {
        return "test_numbers";
    }

    @Override
    public Source create(String name, Map<String, Object> settings, Config config) {
        long from = ((Number) settings.get("from")).longValue();
        long to = ((Number) settings.get("to")).longValue();
        long extraFrom = ((Number) settings.getOrDefault("extra_from", Long.MAX_VALUE)).longValue();
        long rowsTo = Math.min(to, ((Number) settings.getOrDefault("rows_to", to)).longValue());
        Object incremental = settings.get("incremental");
        Object failOnce = settings.get("fail_once");
        boolean failAlways = Boolean.TRUE.equals(settings.get("fail_always"));
        Resource numbers = Resource.fromStream("numbers", () -> {
            if (failAlways) {
                throw new IllegalStateException("injected fault: every attempt of " + from + ".." + to);
            }
            if (failOnce != null) {
                try {
                    Files.createFile(Path.of(failOnce.toString()));
                    throw new IllegalStateException("injected fault: first attempt of " + from + ".." + to);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // the retry: the fault happened once already
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return LongStream.range(from, Math.max(from, rowsTo)).mapToObj(i -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", i);
                row.put("name", "n" + i);
                if (i >= extraFrom) {
                    row.put("extra", i * 0.5);
                }
                return row;
            });
        }).primaryKey("id");
        if (incremental != null) {
            boolean min = incremental.equals("min");
            Object initial = settings.getOrDefault("initial", min ? to : from);
            LastValueFunc f = switch (incremental.toString()) {
                case "min" -> LastValueFunc.MIN;
                case "custom" -> LastValueFunc.of("bigger", (a, b) -> ((Number) a).longValue()
                        >= ((Number) b).longValue() ? a : b);
                default -> LastValueFunc.MAX;
            };
            numbers = numbers.incremental(Incremental.on("id").initial(((Number) initial).longValue())
                    .lastValueFunc(f));
        }
        return Source.of(name, numbers);
    }

    @Override
    public List<SourcePartition> split(String name, Map<String, Object> settings, Config config, int partitions) {
        long from = ((Number) settings.get("from")).longValue();
        long to = ((Number) settings.get("to")).longValue();
        List<SourcePartition> out = new ArrayList<>();
        long size = (to - from + partitions - 1) / partitions;
        for (int i = 0; i < partitions && from + i * size < to; i++) {
            Map<String, Object> s = new LinkedHashMap<>(settings);
            if (settings.containsKey("incremental")) {
                // every window's cursor starts from the unsplit source's initial value
                s.putIfAbsent("initial", settings.get("incremental").equals("min") ? to : from);
            }
            long lo = from + i * size;
            long hi = Math.min(to, lo + size);
            s.put("from", lo);
            s.put("to", hi);
            if (i != 1) {
                s.remove("fail_once"); // the faults are injected into partition 1 only
                s.remove("fail_always");
            }
            out.add(new SourcePartition(i, type(), name, s, "id in [" + lo + ", " + hi + ")"));
        }
        return out;
    }
}
