package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.CrashPointHook;
import dev.dlt4j.PipelineState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness every destination runs: a pipeline run in a child JVM dies like a SIGKILL,
 * deterministically at every transition point of the working folder ({@code CrashPoints}) and at
 * random times, and the next run must recover. Each trial loads run 1 (complete), run 2 in the
 * child that dies, and run 3 as the next run, with an append table ({@code events}) and a merge
 * table ({@code users}), each with a child table. It then checks: no row lost, none duplicated,
 * every child row with its parent (and every parent with all its children), merge keys once each,
 * one {@code _dlt_loads} row per package, no package or temporary left behind, and the pipeline's
 * state advanced exactly once per loaded package (a resource counts the runs in its state).
 *
 * <p>Run 2's rows are either all loaded (when its package was extracted before the kill) or
 * none. Every point (at its first occurrence, and job points also in the middle of the merge
 * chain) is tested in this JVM, stopping run 2 with an {@code Error} thrown at the point, which
 * leaves the same state as a kill (no cleanup of this code base catches an {@code Error} in a way
 * that hides a state). A child JVM is halted (as by SIGKILL) at {@link #CHILD_POINTS}, and killed
 * with SIGKILL at a random time in each of {@link #RANDOM_KILLS} trials but the first (which
 * times run 2): 10 random kills. A killed child costs seconds, so the suite halts children at that
 * subset of points and kills 10 at random, which keeps it under ten minutes; {@code -Ddlt4j.crash.full=true}
 * halts a child at every point and {@code -Ddlt4j.crash.randomKills=N} sets the number of trials
 * (docs/destinations.md gives the long run's command).
 */
public abstract class CrashHarnessContract {
    static final String PIPELINE = "crash";
    /** Rows per resource per run: small, so that a trial is dominated by the child JVM's start. */
    static final int ROWS = 12;
    static final boolean FULL = Boolean.getBoolean("dlt4j.crash.full");
    static final int RANDOM_KILLS = Integer.getInteger("dlt4j.crash.randomKills", 11);
    /** The points a child JVM is halted at in the suite: one per kind of transition. */
    static final List<String> CHILD_POINTS = List.of("extract.after_commit#1", "normalize.after_commit#1",
            "job.started_to_completed.before#" + 12, "package_file.package_completed.json.after_rename#1");
    /** Job points are also tested at this occurrence: in the middle of a package, in the merge chain. */
    static final int LATER_JOB = 12;

    @TempDir
    protected Path tmp;

    /** The destination of a trial whose files live under {@code trialDir}, by name or URI. */
    protected abstract String destination(Path trialDir);

    /** Every row of a table of the dataset, column name to value; empty when the table does not exist. */
    protected abstract List<Map<String, Object>> rows(Path trialDir, String dataset, String table);

    /** The dataset of a trial; destinations shared between tests give each trial its own. */
    protected String dataset(String trial) {
        return "crash_data";
    }

    /** Drops what a trial left at a shared destination. */
    protected void dropDataset(String dataset) {
    }

    /** Whether merge replaces rows by primary key (SQL destinations) or appends (files, as in dlt). */
    protected boolean mergeReplaces() {
        return true;
    }

    /** Temporary files left at the destination after the recovering run; none is allowed. */
    protected List<String> temporariesAtDestination(Path trialDir, String dataset) {
        return List.of();
    }

    // ---- the trials

    /** Every point a run passes, {@code <name>#<occurrence>}. */
    private List<String> everyPoint() {
        List<String> points = new ArrayList<>();
        for (Map.Entry<String, Integer> p : transitionPoints().entrySet()) {
            points.add(p.getKey() + "#1");
            if (p.getKey().startsWith("job.") && p.getValue() >= LATER_JOB) {
                points.add(p.getKey() + "#" + LATER_JOB);
            }
        }
        return points;
    }

    @TestFactory
    Stream<DynamicTest> aRunStoppedAtEveryTransitionPointIsRecoveredByTheNextRun() {
        return everyPoint().stream().map(p -> DynamicTest.dynamicTest(p, () -> {
            Trial t = new Trial("stop-" + p.replaceAll("[^A-Za-z0-9]+", "_"));
            try {
                t.loadRun1();
                int hash = p.lastIndexOf('#');
                CrashPointHook.throwAt(p.substring(0, hash), Integer.parseInt(p.substring(hash + 1)));
                try {
                    t.pipeline(1).run(source(2));
                    throw new AssertionError("run 2 did not reach " + p);
                } catch (CrashPointHook.Crash expected) {
                    // stopped where asked
                } finally {
                    CrashPointHook.clear();
                }
                t.recoverAndCheck();
            } finally {
                dropDataset(t.dataset);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aKillAtTransitionPointsIsRecoveredByTheNextRun() {
        List<String> points = FULL ? everyPoint() : CHILD_POINTS;
        return points.stream().map(p -> DynamicTest.dynamicTest(p, () -> {
            Trial t = new Trial("kill-" + p.replaceAll("[^A-Za-z0-9]+", "_"));
            try {
                t.loadRun1();
                int exit = t.runChild("point:" + p, 1);
                assertThat(exit).as("the child halts at " + p + "; its log:\n" + t.log()).isEqualTo(
                        CrashPointHook.HALTED);
                t.recoverAndCheck();
            } finally {
                dropDataset(t.dataset);
            }
        }));
    }

    @Test
    void randomKillsAreRecoveredByTheNextRun() throws Exception {
        Random random = new Random(Long.getLong("dlt4j.crash.seed", System.nanoTime()));
        long runMillis = 0;
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < RANDOM_KILLS; i++) {
            Trial t = new Trial("random-" + i);
            try {
                t.loadRun1();
                if (i == 0) {
                    // the first trial is not killed: it measures how long run 2 takes in a fresh JVM
                    assertThat(t.runChild("finish", 2)).as(t.log()).isZero();
                    runMillis = Math.max(50, Long.parseLong(Files.readString(t.dir.resolve("RUN_MILLIS")).trim()));
                    outcomes.add("not killed (run 2 takes " + runMillis + " ms)");
                } else {
                    long delay = (long) (random.nextDouble() * runMillis * 1.1);
                    outcomes.add("killed after " + delay + " ms: " + t.killAfter(delay));
                }
                t.recoverAndCheck();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("trial " + i + " failed; trials so far: " + outcomes, e);
            } finally {
                dropDataset(t.dataset);
            }
        }
    }

    @Test
    void theSweepListsThePointsOfEveryTransitionARunPasses() {
        Map<String, Integer> points = transitionPoints();
        assertThat(points.keySet()).contains("extract.before_commit", "extract.after_commit",
                "normalize.before_schema_save", "normalize.before_commit", "normalize.after_commit",
                "discard.extracted.in_trash", "job.new_to_started.before", "job.new_to_started.after",
                "job.started_to_completed.before", "job.started_to_completed.after",
                "package_file.applied_schema_updates.json.before_rename", "load.before_merge",
                "load.before_complete_load", "package_file.package_completed.json.after_rename",
                "load.after_move_to_loaded", "discard.completed_jobs.in_trash", "state.before_rename");
        assertThat(points.get("job.new_to_started.before")).isGreaterThanOrEqualTo(LATER_JOB);
        assertThat(everyPoint()).containsAll(CHILD_POINTS);
    }

    /** Every point a complete run 2 passes, in order, with how often: recorded in this JVM on a trial of its own. */
    private Map<String, Integer> transitionPoints() {
        Trial t = new Trial("record");
        try {
            t.loadRun1();
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            CrashPointHook.record(seen);
            try {
                t.pipeline(1).run(source(2));
            } finally {
                CrashPointHook.clear();
            }
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String p : seen) {
                // whether normalize's thread finishes a file while extract still runs depends on timing, so
                // its points are not enumerated here; NormalizeDuringExtractCrashTest reaches each of them
                // deterministically (its resource waits until a file was normalized early)
                if (!p.startsWith("normalize.ahead.")) {
                    out.merge(p, 1, Integer::sum);
                }
            }
            return out;
        } finally {
            dropDataset(t.dataset);
        }
    }

    /** One working folder, one dataset: run 1 loaded here, run 2 in a child that dies, run 3 recovers. */
    final class Trial {
        final String name;
        final Path dir;
        final String dataset;
        final String destination;

        Trial(String name) {
            this.name = name;
            this.dir = tmp.resolve(name);
            this.dataset = dataset(name);
            this.destination = destination(dir);
        }

        Pipeline pipeline(int workers) {
            return CrashHarnessContract.pipeline(dir, destination, dataset, workers);
        }

        Path working() {
            return dir.resolve("pipelines").resolve(PIPELINE);
        }

        Path logFile() {
            return dir.resolve("child.log");
        }

        String log() {
            try {
                return Files.exists(logFile()) ? Files.readString(logFile()) : "(no log)";
            } catch (IOException e) {
                return "(cannot read the log: " + e + ")";
            }
        }

        void loadRun1() {
            pipeline(1).run(source(1));
        }

        Process startChild(String mode, int workers) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            try {
                // the child's temporary folder in the test's: a killed child never deletes the copy of
                // DuckDB's native library (68 MB) its driver loads from there; JUnit deletes this folder
                return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-Xshare:auto", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("java-tmp")),
                        "-cp", System.getProperty("java.class.path"),
                        CrashHarnessContract.class.getName(), dir.toString(), destination, dataset, mode,
                        Integer.toString(workers))
                        .redirectErrorStream(true).redirectOutput(logFile().toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the child JVM", e);
            }
        }

        /** Runs run 2 in a child until it ends (halted at a point, or finished); returns its exit status. */
        int runChild(String mode, int workers) throws InterruptedException {
            Process p = startChild(mode, workers);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("the child did not end in 120 s; its log:\n" + log());
            }
            return p.exitValue();
        }

        /** Runs run 2 in a child and kills it (SIGKILL) {@code delayMillis} after run 2 starts. */
        String killAfter(long delayMillis) throws InterruptedException {
            Process p = startChild("random", 2);
            Path started = dir.resolve("RUNNING");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(started) && p.isAlive()) {
                assertThat(System.nanoTime()).as("run 2 started in time").isLessThan(deadline);
                Thread.sleep(1);
            }
            Thread.sleep(delayMillis);
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor(30, TimeUnit.SECONDS);
            int exit = p.exitValue();
            assertThat(exit).as("the child is killed or finishes; its log:\n" + log()).isIn(0, 137);
            return exit == 0 ? "finished first" : stateOf();
        }

        /** Where the killed run's package was: extract temp, extracted, normalized, loaded, or nowhere. */
        String stateOf() {
            if (!list(working().resolve("normalize/extracted")).isEmpty()) {
                return "extracted";
            }
            if (!list(working().resolve("load/normalized")).isEmpty()) {
                return "normalized";
            }
            return list(working().resolve("load/loaded")).size() > 1 ? "loaded" : "not extracted";
        }

        /** The next run (run 3) finishes run 2's package, loads its own, and leaves a consistent dataset. */
        void recoverAndCheck() {
            boolean run2Extracted = !stateOf().equals("not extracted");
            pipeline(2).run(source(3));
            Set<Integer> runs = run2Extracted ? Set.of(1, 2, 3) : Set.of(1, 3);
            checkAppend("events", "events__tags", runs);
            checkTyped("metrics", runs);
            if (mergeReplaces()) {
                checkMerge("users", "users__items", runs);
            } else {
                checkAppend("users", "users__items", runs);
            }
            List<Map<String, Object>> loads = rows(dir, dataset, "_dlt_loads");
            assertThat(loads.stream().map(r -> String.valueOf(r.get("load_id"))).distinct().count())
                    .as("_dlt_loads: one row per package").isEqualTo(loads.size()).isEqualTo(runs.size());
            assertThat(list(working().resolve("normalize/extracted"))).as("extracted packages left").isEmpty();
            assertThat(list(working().resolve("load/normalized"))).as("normalized packages left").isEmpty();
            assertThat(list(working().resolve("load/new"))).as("unfinished normalize output left").isEmpty();
            assertThat(list(working().resolve("normalize")).stream().map(p -> p.getFileName().toString()))
                    .as("extract temp folders left").containsOnly("extracted", ".version");
            assertThat(list(working().resolve("load/loaded"))).hasSize(runs.size());
            assertThat(temporariesAtDestination(dir, dataset)).as("temporary files at the destination").isEmpty();
            checkState(runs.size());
        }

        /**
         * The pipeline's state advanced exactly once per loaded package: the counter resource's
         * state and the state version count the packages, and the destination has one
         * {@code _dlt_pipeline_state} row per package, each holding the state its package carried.
         */
        private void checkState(int packages) {
            PipelineState state = pipeline(1).state();
            assertThat(state.resourceState(PIPELINE, "counter").get("runs")).as("the counter's state")
                    .isEqualTo(packages);
            assertThat(state.stateVersion()).as("the state version").isEqualTo(packages);
            Map<Long, Long> counterByVersion = new TreeMap<>();
            for (Map<String, Object> r : rows(dir, dataset, "_dlt_pipeline_state")) {
                Object runsInRow = PipelineState.decompress(String.valueOf(r.get("state")))
                        .resourceState(PIPELINE, "counter").get("runs");
                Long before = counterByVersion.put(num(r.get("version")), num(runsInRow));
                assertThat(before).as("_dlt_pipeline_state: version " + r.get("version") + " twice").isNull();
            }
            Map<Long, Long> expected = new TreeMap<>();
            for (long v = 1; v <= packages; v++) {
                expected.put(v, v);
            }
            assertThat(counterByVersion).as("_dlt_pipeline_state: version -> the counter's state").isEqualTo(expected);
        }

        /** Each run's rows once; each parent with exactly its two children, each child with its parent. */
        private void checkAppend(String table, String child, Set<Integer> runs) {
            List<Map<String, Object>> rows = rows(dir, dataset, table);
            Map<String, Integer> byKey = new TreeMap<>();
            for (Map<String, Object> r : rows) {
                byKey.merge(num(r.get("run")) + "/" + num(r.get("id")), 1, Integer::sum);
            }
            Map<String, Integer> expected = new TreeMap<>();
            for (int run : runs) {
                for (long id : ids(table, run)) {
                    expected.put(run + "/" + id, 1);
                }
            }
            assertThat(byKey).as(table + ": (run/id) -> rows").isEqualTo(expected);
            checkChildren(table, rows, child);
        }

        /** The typed pages' table (a typed-columns extracted file): each run's rows once. */
        private void checkTyped(String table, Set<Integer> runs) {
            Map<String, Integer> byKey = new TreeMap<>();
            for (Map<String, Object> r : rows(dir, dataset, table)) {
                byKey.merge(num(r.get("run")) + "/" + num(r.get("id")), 1, Integer::sum);
            }
            Map<String, Integer> expected = new TreeMap<>();
            for (int run : runs) {
                for (long id : ids("events", run)) {
                    expected.put(run + "/" + id, 1);
                }
            }
            assertThat(byKey).as(table + ": (run/id) -> rows").isEqualTo(expected);
        }

        /** Each primary key once, holding the newest loaded run's row, with that row's children only. */
        private void checkMerge(String table, String child, Set<Integer> runs) {
            List<Map<String, Object>> rows = rows(dir, dataset, table);
            Map<Long, Long> runById = new TreeMap<>();
            for (Map<String, Object> r : rows) {
                Long before = runById.put(num(r.get("id")), num(r.get("run")));
                assertThat(before).as(table + ": id " + r.get("id") + " appears twice").isNull();
            }
            Map<Long, Long> expected = new TreeMap<>();
            for (int run : runs.stream().sorted().toList()) {
                for (long id : ids(table, run)) {
                    expected.put(id, (long) run);
                }
            }
            assertThat(runById).as(table + ": id -> run of its row").isEqualTo(expected);
            checkChildren(table, rows, child);
        }

        private void checkChildren(String table, List<Map<String, Object>> parents, String child) {
            Set<String> parentIds = new HashSet<>();
            for (Map<String, Object> r : parents) {
                parentIds.add(String.valueOf(r.get("_dlt_id")));
            }
            assertThat(parentIds).as(table + ": _dlt_id unique").hasSize(parents.size());
            Map<String, Integer> children = new HashMap<>();
            for (Map<String, Object> c : rows(dir, dataset, child)) {
                String parent = String.valueOf(c.get("_dlt_parent_id"));
                assertThat(parentIds).as(child + " row " + c + " has its parent in " + table).contains(parent);
                children.merge(parent, 1, Integer::sum);
            }
            for (String id : parentIds) {
                assertThat(children.getOrDefault(id, 0)).as(table + " row " + id + ": children in " + child)
                        .isEqualTo(2);
            }
        }
    }

    private static long num(Object v) {
        return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    // ---- the data and the pipeline (shared with the child)

    static Pipeline pipeline(Path dir, String destination, String dataset, int workers) {
        DataWriterConfig small = DataWriterConfig.DEFAULTS.withFileMaxItems(4);
        return Pipeline.builder(PIPELINE)
                .destination(destination)
                .dataset(dataset)
                .pipelinesDir(dir.resolve("pipelines"))
                .projectDir(dir)
                .localDir(dir)
                .environment(Map.of())
                .extractDataWriter(small)
                .normalizeDataWriter(small)
                .load(new LoadConfig(workers, true, true))
                .build();
    }

    /** Event ids of a run: 100 * run + i, so that runs never share one. */
    static List<Long> ids(String table, int run) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            // users of consecutive runs overlap by half: merge must replace those
            out.add(table.equals("events") ? 100L * run + i : (long) (run - 1) * ROWS / 2 + i);
        }
        return out;
    }

    static Source source(int run) {
        List<Map<String, Object>> events = new ArrayList<>();
        List<Map<String, Object>> users = new ArrayList<>();
        for (long id : ids("events", run)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", id);
            e.put("run", run);
            e.put("tags", List.of("a" + id, "b" + id));
            events.add(e);
        }
        for (long id : ids("users", run)) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("id", id);
            u.put("run", run);
            u.put("items", List.of(Map.of("n", 1, "run", run), Map.of("n", 2, "run", run)));
            users.add(u);
        }
        // counts the runs in its state: the state must advance exactly once per loaded package
        Resource counter = Resource.of("counter", ctx -> {
            int runs = ((Number) ctx.state().getOrDefault("runs", 0)).intValue() + 1;
            ctx.writeState(Map.of("runs", runs));
            return List.of(Map.of("runs", runs, "run", run));
        });
        // the same ids as typed pages of 5 rows: extracted into typed-columns files
        List<dev.dlt4j.ColumnPage> metrics = new ArrayList<>();
        List<Long> metricIds = ids("events", run);
        for (int from = 0; from < metricIds.size(); from += 5) {
            dev.dlt4j.ColumnPage.Builder b = dev.dlt4j.ColumnPage.builder().column("id", dev.dlt4j.DataType.BIGINT)
                    .column("run", dev.dlt4j.DataType.BIGINT);
            for (long id : metricIds.subList(from, Math.min(metricIds.size(), from + 5))) {
                b.setLong(0, id).setLong(1, run).endRow();
            }
            metrics.add(b.build());
        }
        return Source.of(PIPELINE, Resource.of("events", events), Resource.of("metrics", metrics),
                Resource.of("users", users).writeDisposition(WriteDisposition.MERGE).primaryKey("id"), counter);
    }

    /**
     * The child: {@code <trialDir> <destination> <dataset> <mode> <workers>} runs run 2. Mode
     * {@code point:<name>#<n>} halts at that crash point, {@code random} is killed by the parent,
     * {@code finish} records how long run 2 took.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[3];
        if (mode.startsWith("point:")) {
            String point = mode.substring("point:".length());
            int hash = point.lastIndexOf('#');
            CrashPointHook.haltAt(point.substring(0, hash), Integer.parseInt(point.substring(hash + 1)));
        }
        Pipeline p = pipeline(dir, args[1], args[2], Integer.parseInt(args[4]));
        Source run2 = source(2);
        Files.writeString(dir.resolve("RUNNING"), "");
        long started = System.nanoTime();
        p.run(run2);
        Files.writeString(dir.resolve("RUN_MILLIS"), Long.toString((System.nanoTime() - started) / 1_000_000));
        System.exit(0);
    }
}
