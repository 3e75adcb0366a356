package dev.dlt4j.normalize;

import dev.dlt4j.progress.ProgressListener;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.ExtractedFiles;
import dev.dlt4j.storage.JobCount;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;

/**
 * Normalizes a package's extracted files while extract still writes the package, on a thread of
 * its own, into the package's normalize work area {@code load/new/<load_id>/}; when extract has
 * committed the package, {@link Normalizer#normalize(LoadPackage, Schema, Optional)} takes the
 * work over and normalizes only the files left, then publishes the package as always.
 *
 * <p><b>What is normalized early, and why the outcome is the same.</b> Normalize reads a package's
 * files in name order with one relational normalizer (one worker), whose schema, variants and
 * writers evolve file after file. Extract names the files of each table in the order it writes
 * them ({@link ExtractedFiles}), so the files of the table whose name sorts first among the tables
 * the source can write come first, in the order they were closed, whatever extract writes later.
 * Only those are normalized here, one after the other, with the normalizer {@link Normalizer}
 * would use, started from the schema it would start from. {@link #takeOver} hands that normalizer
 * (with its writers still open) to normalize only when all of this held: the schema normalize starts
 * from is, as JSON, the one this started from, or that one with tables added after all of its own
 * and none named under the first table (a resource that started later: see {@link #grows}; a table
 * that changed drops everything here); the files done here are exactly the first files of the committed
 * package, in order, with the rows and bytes extract recorded; nothing failed here; one worker.
 * Otherwise the work is dropped and normalize runs as it would without this, so a file that fails
 * to normalize fails there, with the message and handling of a sequential normalize.
 *
 * <p><b>Crash safety.</b> Everything this writes is in {@code load/new/<load_id>/}, which holds no
 * package the loader reads: only a committed normalize moves it to {@code load/normalized/}. A
 * kill at any point (during extract, or after extract committed, before normalize published)
 * leaves it there, and the next run empties {@code load/new/} before anything else
 * ({@link PipelineStorage#removeTemporaryPackages}) and normalizes the committed extracted package,
 * if any, from the start. Output of an extract that never committed is never loaded.
 *
 * <p><b>Threading contract.</b> The {@link ExtractedFiles} methods are called on the extract thread
 * (but {@link #cancelled}, on any) and queue work, stop it, or wait for it: {@link #closed} waits
 * only while more than {@link #MAX_FILES_WAITING} files wait for a normalize thread that still works
 * (never for a thread that stopped, gave up or was told to stop, nor once extract is cancelled);
 * {@link #finishing} lets
 * the file being normalized finish and returns once the thread is done (extract then renames the
 * files); {@link #aborted} stops the thread within a page of rows (normalizing files it no longer
 * needs) and returns once it is done, then deletes the work area. The normalize thread is a daemon,
 * started at the first eligible file; it alone touches the relational normalizer, the writers and
 * the work area until it ends, and {@link #takeOver} and {@link #close}, called on the pipeline's
 * thread, join it before they read what it left (the join is the happens-before edge). A
 * failure on the normalize thread is kept, never thrown there; it only makes {@link #takeOver}
 * drop the work. {@link #close} is idempotent and always safe to call.
 */
public final class NormalizeAhead implements ExtractedFiles, AutoCloseable {
    /**
     * Rows after which extract closes a file so that it can be normalized while extract goes on:
     * small enough that little is left when extract ends, large enough that the cost per file
     * (a gzip stream, a reader) does not show.
     */
    public static final long CHUNK_ROWS = 20_000;
    /** Uncompressed bytes after which extract closes a file (wide or nested rows), as {@link #CHUNK_ROWS}. */
    public static final long CHUNK_BYTES = 4L << 20;
    private static final org.slf4j.Logger LOG = dev.dlt4j.log.Logs.get(NormalizeAhead.class);
    private static final Closed END = new Closed(null, null, null);
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Normalizer normalizer;
    private final PipelineStorage storage;
    private final UnaryOperator<Schema> live;
    private final LinkedBlockingQueue<Closed> queue = new LinkedBlockingQueue<>();
    /**
     * Files that may wait for the normalize thread before {@link #closed} waits: two let extract go on
     * through a slow file. 1 and 2 measured alike on flat and nested rows (4-8 % shorter runs than no
     * wait); on the PostgreSQL copy 2 gained ~2 % and 1 nothing.
     */
    static final int MAX_FILES_WAITING = 2;
    /** What {@link #keepPace} waits on. */
    private final Object pace = new Object();
    /** Set by {@link #finishing}: no file is started after the current one. */
    private volatile boolean stop;
    /** Set by {@link #aborted} and {@link #close}: the current file is given up within a page. */
    private volatile boolean cancel;
    /** Set by {@link #cancelled} (Ctrl-C, on another thread): extract no longer waits for this. */
    private volatile boolean extractCancelled;
    private Thread thread;
    private boolean consumed;
    // set on the extract thread before the normalize thread starts
    private LoadPackage extracting;
    private String firstTable;
    // owned by the normalize thread until it is joined
    private LoadPackage out;
    private Normalizer.Group group;
    /** The package's schema as this started from it, and the last one a closed file came with. */
    private com.fasterxml.jackson.databind.node.ObjectNode startedJson;
    private Schema lastSchema;
    private final List<JobFileName> done = new ArrayList<>();
    private final List<JobCount> doneCounts = new ArrayList<>();
    /** Written by the normalize thread, read by {@link #keepPace} on the extract thread too. */
    private volatile Optional<String> gaveUp = Optional.empty();

    /** What {@link #takeOver} hands to normalize: the group, and how many of the first files it normalized. */
    record TakenOver(Normalizer.Group group, int files) {
    }

    private record Closed(JobFileName file, JobCount count, Schema schema) {
    }

    /**
     * {@code live} gives the schema normalize will merge the package's schema into, from the
     * package's schema: the pipeline's stored schema, or the package's own for a first or refreshed
     * run (as the pipeline computes it when it normalizes).
     */
    NormalizeAhead(Normalizer normalizer, PipelineStorage storage, UnaryOperator<Schema> live) {
        this.normalizer = normalizer;
        this.storage = storage;
        this.live = Objects.requireNonNull(live, "live");
    }

    /** The load id of the package being (or last) extracted; empty before extract started it. */
    public Optional<String> loadId() {
        return Optional.ofNullable(extracting).map(LoadPackage::loadId);
    }

    @Override
    public void started(LoadPackage pkg, String first) {
        this.extracting = pkg;
        this.firstTable = first;
    }

    @Override
    public void closed(JobFileName file, JobCount count, Schema schema) {
        if (stop || cancel || !file.table().equals(firstTable)) {
            return; // files of other tables sort after the first table's, whatever is written later
        }
        queue.add(new Closed(file, count, schema));
        if (thread == null) {
            thread = new Thread(this::drain, "dlt4j-normalize-ahead");
            thread.setDaemon(true);
            thread.start();
        }
        keepPace();
    }

    /**
     * Waits while more than {@link #MAX_FILES_WAITING} files wait for the normalize thread, as long as
     * it still normalizes them. Where extract alone fills the machine's cores, the normalize thread fell
     * behind and the files it left were normalized after extract on one core while the other idled
     * (flat-pages 1M: ~8 of 50 files, 0.4 s); kept in step, the same work overlaps extract
     * (docs/performance.md, "Seventh round"). An interrupt ends the wait and stays set for extract;
     * so does Ctrl-C ({@link #cancelled}).
     */
    private void keepPace() {
        synchronized (pace) {
            while (queue.size() > MAX_FILES_WAITING && !stop && !cancel && !extractCancelled && gaveUp.isEmpty()
                    && thread.isAlive()) {
                try {
                    // notified when the thread takes a file, gives up or ends, and on Ctrl-C; the timeout only
                    // bounds a wait on a thread that died without its finally (an Error while notifying)
                    pace.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Extract is being cancelled (Ctrl-C): it must not wait for normalize; callable on any thread. */
    @Override
    public void cancelled() {
        extractCancelled = true;
        paced();
    }

    @Override
    public void finishing() {
        stop = true;
        join();
    }

    @Override
    public void aborted() {
        close();
    }

    /** The normalize thread: the queued files in order, until told to stop or something does not hold. */
    private void drain() {
        try {
            while (true) {
                Closed c = queue.take();
                paced(); // the queue is shorter now: extract may go on
                if (c == END || stop || cancel) {
                    return;
                }
                if (gaveUp.isEmpty()) {
                    normalize(c);
                }
            }
        } catch (InterruptedException e) {
            giveUp("interrupted");
        } catch (RuntimeException | Error e) {
            // a sequential normalize meets the same failure and reports it as it always does
            giveUp("normalizing " + e);
        } finally {
            paced(); // extract may be waiting for files this thread will no longer take
        }
    }

    private void paced() {
        synchronized (pace) {
            pace.notifyAll();
        }
    }

    private void normalize(Closed c) {
        if (group == null) {
            // the schema normalize starts from: the package's as it will read it back, merged into the live one
            Schema pkgSchema = readBack(c.schema());
            lastSchema = c.schema();
            startedJson = SchemaJson.toJson(c.schema());
            Schema input = Normalizer.merge(live.apply(pkgSchema), pkgSchema);
            out = storage.newLoadPackage(extracting.loadId());
            group = normalizer.new Group(out, input, extracting.loadId(), ProgressListener.NONE);
        } else if (c.schema() != lastSchema) {
            // a table added after the first table's (a resource that started later) changes nothing done here
            if (!grows(startedJson, SchemaJson.toJson(c.schema()), firstTable)) {
                giveUp("extract changed a table of the schema after normalize started");
                return;
            }
            lastSchema = c.schema();
        }
        if (!done.isEmpty() && c.file().fileName().compareTo(done.get(done.size() - 1).fileName()) <= 0) {
            giveUp("file " + c.file() + " sorts before a file normalized earlier");
            return;
        }
        group.file(extracting, c.file(), Optional.of(c.count()), () -> {
            if (cancel) {
                throw new java.util.concurrent.CancellationException("extract failed");
            }
        });
        done.add(c.file());
        doneCounts.add(c.count());
        dev.dlt4j.spi.CrashPoints.reached("normalize.ahead.after_file");
    }

    /**
     * Whether {@code later} is {@code first} (both as JSON) with tables added after all of
     * {@code first}'s, none of them nested under {@code root} by name: every table of {@code first}
     * unchanged and in the same order, everything but the tables (and the hash of them) equal. Then
     * normalizing {@code root}'s rows from {@code first} or from {@code later} does the same (its
     * rows only ever look up {@code root} and {@code root__*}), and the schema a normalizer started
     * from {@code later} would hold is {@code later}'s tables, then the ones it created
     * ({@link Normalizer.Group#adopt}).
     */
    static boolean grows(com.fasterxml.jackson.databind.node.ObjectNode first,
            com.fasterxml.jackson.databind.node.ObjectNode later, String root) {
        com.fasterxml.jackson.databind.node.ObjectNode a = first.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode b = later.deepCopy();
        com.fasterxml.jackson.databind.JsonNode tablesA = a.remove("tables");
        com.fasterxml.jackson.databind.JsonNode tablesB = b.remove("tables");
        a.remove("version_hash");
        b.remove("version_hash");
        if (!a.equals(b) && !onlyNewTablesPropagate(a, b, tablesA)) {
            return false;
        }
        if (tablesA == null || tablesB == null) {
            return false;
        }
        java.util.Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> ia = tablesA.fields();
        java.util.Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> ib = tablesB.fields();
        while (ia.hasNext()) {
            if (!ib.hasNext()) {
                return false;
            }
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> ea = ia.next();
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> eb = ib.next();
            if (!ea.getKey().equals(eb.getKey()) || !ea.getValue().equals(eb.getValue())) {
                return false;
            }
        }
        while (ib.hasNext()) {
            if (ib.next().getKey().startsWith(root + "__")) {
                return false;
            }
        }
        return true;
    }

    /** The schema as normalize reads it from the package's {@code schema.json}. */
    /**
     * Whether {@code later} (its tables removed) differs from {@code first} only by root-key propagation entries
     * of tables {@code first} does not have: a new merge table marks itself when extract adds it.
     */
    private static boolean onlyNewTablesPropagate(com.fasterxml.jackson.databind.node.ObjectNode first,
            com.fasterxml.jackson.databind.node.ObjectNode later, com.fasterxml.jackson.databind.JsonNode tablesFirst) {
        com.fasterxml.jackson.databind.node.ObjectNode b = later.deepCopy();
        com.fasterxml.jackson.databind.JsonNode propagated = b.path("normalizers").path("json").path("config")
                .path("propagation").path("tables");
        if (!(propagated instanceof com.fasterxml.jackson.databind.node.ObjectNode entries) || tablesFirst == null) {
            return false;
        }
        java.util.List<String> added = new java.util.ArrayList<>();
        entries.fieldNames().forEachRemaining(name -> {
            if (!tablesFirst.has(name)) {
                added.add(name);
            }
        });
        entries.remove(added);
        if (entries.isEmpty()) {
            // the first schema had no propagation at all: its config section did not exist either
            com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) b
                    .path("normalizers").path("json");
            json.remove("config");
        }
        return first.equals(b);
    }

    private static Schema readBack(Schema schema) {
        try {
            return SchemaJson.fromJson(MAPPER.readTree(SchemaJson.toJsonString(schema)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void giveUp(String why) {
        if (gaveUp.isEmpty()) {
            gaveUp = Optional.of(why);
            LOG.debug("normalizing during extract stopped: {}", why);
            paced();
        }
    }

    private void join() {
        if (thread == null) {
            return;
        }
        queue.add(END);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish waiting: the thread must not outlive the files it reads
                cancel = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Called by normalize on the pipeline's thread once extract committed {@code extracted}, with
     * the schema normalize starts from and the package's files in the order it reads them: the
     * group to continue with and how many of the first files it holds, when what was done here is
     * exactly what normalize would do first; otherwise empty, with the work dropped (see the class
     * comment). Either way this ahead is consumed.
     */
    Optional<TakenOver> takeOver(LoadPackage extracted, Schema input, List<JobFileName> jobs, int workers) {
        cancel = true; // extract said finishing already; a thread still running is not waited for a file
        join();
        if (consumed || group == null) {
            close();
            return Optional.empty();
        }
        consumed = true;
        Optional<String> refused = gaveUp.or(() -> refusal(extracted, input, jobs, workers));
        boolean grown = refused.isEmpty() && !SchemaJson.toJsonString(input).equals(SchemaJson.toJsonString(
                group.start()));
        if (refused.isPresent()) {
            LOG.debug("package {}: the files normalized during extract are dropped ({}); normalizing all of them",
                    extracted.loadId(), refused.get());
            dropWork();
            return Optional.empty();
        }
        if (grown) {
            group.adopt(input); // the tables extract added after normalize started, where a start from input has them
        }
        LOG.debug("package {}: {} of {} file(s) were normalized during extract", extracted.loadId(), done.size(),
                jobs.size());
        return Optional.of(new TakenOver(group, done.size()));
    }

    private Optional<String> refusal(LoadPackage extracted, Schema input, List<JobFileName> jobs, int workers) {
        if (workers != 1) {
            return Optional.of(workers + " normalize workers");
        }
        if (!extracted.loadId().equals(extracting.loadId())) {
            return Optional.of("another package");
        }
        if (!grows(SchemaJson.toJson(group.start()), SchemaJson.toJson(input), firstTable)) {
            return Optional.of("the schema changed");
        }
        if (jobs.size() < done.size() || !jobs.subList(0, done.size()).equals(done)) {
            return Optional.of("the files done are not the package's first files");
        }
        Map<String, JobCount> recorded = extracted.jobCounts().orElse(Map.of());
        for (int i = 0; i < done.size(); i++) {
            if (!doneCounts.get(i).equals(recorded.get(done.get(i).jobId()))) {
                return Optional.of("file " + done.get(i) + " is not as extract recorded it");
            }
        }
        return Optional.empty();
    }

    /** Stops the normalize thread and drops its work unless normalize took it over; idempotent. */
    @Override
    public void close() {
        cancel = true;
        join();
        if (!consumed) {
            consumed = true;
            dropWork();
        }
    }

    /** Closes the writers (their files are dropped anyway) and deletes the work area; after the thread ended. */
    private void dropWork() {
        if (group != null) {
            group.failed(new IllegalStateException("normalizing during extract was given up"));
        }
        if (out != null) {
            try {
                PipelineStorage.deleteTree(out.root());
            } catch (RuntimeException e) {
                // never thrown: this runs while extract or normalize fails or ends, and its failure must not
                // replace theirs (nor skip their clean-up); load/new holds nothing that is loaded, and the next
                // run empties it before anything else
                LOG.warn("could not delete the files normalized during extract in {} (the next run deletes them): {}",
                        out.root(), e.toString());
            }
        }
    }
}
