package dev.dlt4j.bench;

import dev.dlt4j.examples.DemoData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Names the hot methods of a JFR recording of a benchmark run ({@code dlt4j bench --jfr DIR}), per
 * stage: each execution sample is given to the stage whose class is on its stack, and counted for
 * its top frame (self time) and for its innermost dlt4j frame (the dlt4j code responsible).
 * Native samples (threads inside JNI, e.g. DuckDB) are counted apart.
 *
 * <p>{@code java -cp <class path> dev.dlt4j.bench.HotMethods run.jfr [top-n]}
 */
public final class HotMethods {
    private static final Map<String, String> STAGE_MARKERS = new LinkedHashMap<>();

    static {
        STAGE_MARKERS.put("dev.dlt4j.extract.", "extract");
        STAGE_MARKERS.put("dev.dlt4j.normalize.", "normalize");
        STAGE_MARKERS.put("dev.dlt4j.load.", "load");
        STAGE_MARKERS.put("dev.dlt4j.duckdb.", "load");
    }

    private HotMethods() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: HotMethods <recording.jfr> [top-n]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Map<String, Map<String, Integer>> self = new TreeMap<>();
        Map<String, Map<String, Integer>> dlt4j = new TreeMap<>();
        Map<String, Integer> totals = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            boolean nativeSample = type.equals("jdk.NativeMethodSample");
            if (!type.equals("jdk.ExecutionSample") && !nativeSample) {
                continue;
            }
            if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String stage = stageOf(frames) + (nativeSample ? " (native)" : "");
            totals.merge(stage, 1, Integer::sum);
            self.computeIfAbsent(stage, s -> new LinkedHashMap<>()).merge(name(frames.get(0)), 1, Integer::sum);
            for (RecordedFrame f : frames) {
                if (name(f).startsWith("dev.dlt4j.") && !name(f).startsWith("dev.dlt4j.bench.")) {
                    dlt4j.computeIfAbsent(stage, s -> new LinkedHashMap<>()).merge(name(f), 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.println("Samples per stage; with settings=profile JFR samples Java code every 10 ms and threads in"
                + " native code (JNI: DuckDB, zlib) every 20 ms, so weigh native samples x2.");
        for (Map.Entry<String, Integer> t : totals.entrySet()) {
            String stage = t.getKey();
            System.out.printf(Locale.ROOT, "%n== %s: %d samples%n", stage, t.getValue());
            print("top frames (self)", self.get(stage), t.getValue(), top);
            print("innermost dlt4j frame", dlt4j.getOrDefault(stage, Map.of()), t.getValue(), top);
        }
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(c -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * c.getValue() / total,
                        c.getKey()));
    }

    private static String stageOf(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (name(f).startsWith(DemoData.class.getName() + ".")) {
                return "extract: generating the rows (benchmark data, not dlt4j)";
            }
        }
        for (int i = frames.size() - 1; i >= 0; i--) { // outermost first: the stage that called in
            String n = name(frames.get(i));
            for (Map.Entry<String, String> m : STAGE_MARKERS.entrySet()) {
                if (n.startsWith(m.getKey())) {
                    return m.getValue();
                }
            }
        }
        return "other";
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
