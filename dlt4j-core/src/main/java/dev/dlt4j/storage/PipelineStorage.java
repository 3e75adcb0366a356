package dev.dlt4j.storage;

import dev.dlt4j.log.Logs;
import dev.dlt4j.spi.CrashPoints;
import dev.dlt4j.spi.SafePaths;
import dev.dlt4j.spi.Secrets;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.PipelineState;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The pipeline's working folder, laid out as dlt lays it out: {@code state.json} (the state of
 * the last loaded package),
 * {@code schemas/}, {@code normalize/extracted/<load_id>/} and
 * {@code load/{new,normalized,loaded}/<load_id>/}. Stages meet only here; every package moves from
 * one state to the next by an atomic folder rename, so a crash leaves either the old state or the
 * new one, never half of each. Where a transition takes two steps (publish the new copy, then
 * remove the old one), the next run finishes it: an extracted package whose load id is already
 * normalized or loaded is a stale copy and is discarded; a normalized package that holds
 * {@code package_completed.json} is moved on to {@code load/loaded}. Folders are removed by first
 * renaming them into {@code .trash/}, so a folder is either whole or gone.
 */
public final class PipelineStorage {
    private static final Logger LOG = Logs.get(PipelineStorage.class);
    /** Where folders go to be deleted: a rename there is atomic, the deletion that follows may be cut short. */
    static final String TRASH = ".trash";

    private final Path workingDir;

    public PipelineStorage(Path workingDir) {
        this.workingDir = workingDir;
        try {
            Files.createDirectories(workingDir.resolve("schemas"));
            Files.createDirectories(workingDir.resolve("normalize/extracted"));
            Files.createDirectories(workingDir.resolve("load/new"));
            Files.createDirectories(workingDir.resolve("load/normalized"));
            Files.createDirectories(workingDir.resolve("load/loaded"));
            Files.createDirectories(workingDir.resolve(TRASH));
            writeVersion(workingDir.resolve("normalize/.version"), "1.0.1");
            writeVersion(workingDir.resolve("load/.version"), "1.0.0");
        } catch (IOException e) {
            throw new StorageException("cannot create the pipeline working folder " + workingDir
                    + "; check that its parent is writable or set pipelines_dir", e);
        }
    }

    private static void writeVersion(Path p, String v) throws IOException {
        if (!Files.exists(p)) {
            Files.writeString(p, v);
        }
    }

    public Path workingDir() {
        return workingDir;
    }

    /**
     * Removes what a crashed run left half-written: temp extract folders, unfinished normalize
     * output and folders whose deletion was cut short.
     */
    public void removeTemporaryPackages() {
        deleteContents(workingDir.resolve(TRASH));
        deleteContents(workingDir.resolve("load/new"));
        for (LoadPackage pkg : packagesIn(workingDir.resolve("normalize/extracted"))) {
            if (isUnfinishedRunPart(pkg)) {
                discard(pkg.root(), "unfinished_extract");
            }
        }
        try (Stream<Path> s = Files.list(workingDir.resolve("normalize"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && !n.equals("extracted")) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot clean temporary packages in " + workingDir, e);
        }
    }

    // ---- extract

    /** A package being extracted, in a temp folder until {@link #commitExtracted}. */
    public LoadPackage newExtractPackage(String loadId) {
        String tmp = String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong());
        return LoadPackage.create(workingDir.resolve("normalize").resolve(tmp).resolve(loadId));
    }

    /**
     * True for a package of an extract cut into several ({@code package_max_items}) whose last
     * package was never published: that extract was killed while publishing, and its state and
     * rows are not committed. The last package is published last and leaves
     * {@code normalize/extracted} only after the earlier ones (packages go on in load id order).
     */
    private boolean isUnfinishedRunPart(LoadPackage pkg) {
        Optional<String> last = pkg.runLastLoadId();
        return last.isPresent() && !Files.isDirectory(workingDir.resolve("normalize/extracted").resolve(last.get()))
                && !Files.isDirectory(normalizedRoot(last.get())) && !Files.isDirectory(loadedRoot(last.get()));
    }

    public LoadPackage commitExtracted(LoadPackage pkg) {
        Path target = workingDir.resolve("normalize/extracted").resolve(pkg.loadId());
        CrashPoints.reached("extract.before_commit");
        moveFolder(pkg.root(), target);
        LOG.info("load package {} is extracted ({})", pkg.loadId(), target);
        CrashPoints.reached("extract.after_commit");
        deleteTree(pkg.root().getParent());
        return new LoadPackage(target);
    }

    public void abortExtract(LoadPackage pkg) {
        deleteTree(pkg.root().getParent());
    }

    /**
     * The extracted packages waiting to be normalized, oldest first. A package whose load id is
     * already normalized or loaded is the copy a run killed inside {@link #commitNormalized} left
     * behind: it is discarded here, since its rows are in the normalized package.
     */
    public List<LoadPackage> extractedPackages() {
        List<LoadPackage> out = new ArrayList<>();
        for (LoadPackage pkg : packagesIn(workingDir.resolve("normalize/extracted"))) {
            if (Files.isDirectory(normalizedRoot(pkg.loadId())) || Files.isDirectory(loadedRoot(pkg.loadId()))) {
                discard(pkg.root(), "stale_extracted");
            } else if (isUnfinishedRunPart(pkg)) {
                // a kill stopped its extract between publishing its packages: the extract runs again in full
                discard(pkg.root(), "unfinished_extract");
            } else {
                out.add(pkg);
            }
        }
        return out;
    }

    // ---- normalize

    public LoadPackage newLoadPackage(String loadId) {
        Path root = workingDir.resolve("load/new").resolve(loadId);
        deleteTree(root);
        return LoadPackage.create(root);
    }

    /**
     * Saves the package's schema as the pipeline's, publishes the normalized package, then
     * discards the extracted package it came from. The schema goes first: a run killed before the
     * publish normalizes the extracted package again against it, which yields the same package.
     */
    public LoadPackage commitNormalized(LoadPackage pkg, LoadPackage extracted) {
        Path target = normalizedRoot(pkg.loadId());
        CrashPoints.reached("normalize.before_schema_save");
        saveSchema(pkg.schema());
        CrashPoints.reached("normalize.before_commit");
        moveFolder(pkg.root(), target);
        LOG.info("load package {} is normalized ({})", pkg.loadId(), target);
        CrashPoints.reached("normalize.after_commit");
        discard(extracted.root(), "extracted");
        return new LoadPackage(target);
    }

    /**
     * Publishes a normalized package that was assembled rather than normalized from an extracted one
     * (the partitions of a split run, merged by its committer): its schema becomes the pipeline's
     * first, then the package moves to {@code load/normalized}, as {@link #commitNormalized} does.
     */
    public LoadPackage publishNormalized(LoadPackage pkg) {
        Path target = normalizedRoot(pkg.loadId());
        saveSchema(pkg.schema());
        moveFolder(pkg.root(), target);
        return new LoadPackage(target);
    }

    /**
     * The normalized packages waiting to be loaded, oldest first. A package that already holds
     * {@code package_completed.json} was decided by a run killed inside {@link #markLoaded}: it is
     * moved on to {@code load/loaded} here rather than loaded again, and a loaded one's state is
     * adopted first (again, if the kill came after that: adopting is idempotent).
     */
    public List<LoadPackage> normalizedPackages() {
        List<LoadPackage> out = new ArrayList<>();
        for (LoadPackage pkg : packagesIn(workingDir.resolve("load/normalized"))) {
            if (pkg.hasFile(LoadPackage.COMPLETED_FILE)) {
                if (pkg.completedState().equals("loaded")) {
                    adoptState(pkg);
                }
                moveFolder(pkg.root(), loadedRoot(pkg.loadId()));
            } else {
                out.add(pkg);
            }
        }
        return out;
    }

    private Path normalizedRoot(String loadId) {
        return workingDir.resolve("load/normalized").resolve(loadId);
    }

    private Path loadedRoot(String loadId) {
        return workingDir.resolve("load/loaded").resolve(loadId);
    }

    // ---- load

    /**
     * The load stage's commit, called once the destination has the package (status
     * {@code loaded}: its {@code _dlt_loads} and {@code _dlt_pipeline_state} rows are written) or
     * has given up on it ({@code aborted}): marks the package done, makes the state it carries the
     * pipeline's state (only when loaded), then moves it to {@code load/loaded/}. A kill between
     * those steps is finished by {@link #normalizedPackages()}.
     */
    public LoadPackage markLoaded(LoadPackage pkg, String status) {
        pkg.writeJson(LoadPackage.COMPLETED_FILE, LoadPackage.MAPPER.createObjectNode().put("state", status));
        if (status.equals("loaded")) {
            adoptState(pkg);
        }
        Path target = loadedRoot(pkg.loadId());
        moveFolder(pkg.root(), target);
        LOG.info("load package {} is {} ({})", pkg.loadId(), status, target);
        CrashPoints.reached("load.after_move_to_loaded");
        return new LoadPackage(target);
    }

    /**
     * Sets aside a package that fails the same way every time, so later runs proceed: it moves to
     * {@code load/loaded/} marked {@code aborted} (dlt's place for packages that will never load),
     * with the stage that failed and the cause in {@code package_completed.json}, kept for inspection.
     */
    public LoadPackage setAside(LoadPackage pkg, String stage, String cause) {
        pkg.writeJson(LoadPackage.COMPLETED_FILE, LoadPackage.MAPPER.createObjectNode().put("state", "aborted")
                .put("failed_stage", stage).put("failure", cause));
        Path target = workingDir.resolve("load/loaded").resolve(pkg.loadId());
        moveFolder(pkg.root(), target);
        LOG.warn("load package {} failed in {} and is set aside, marked aborted ({}): {}", pkg.loadId(), stage, target,
                Secrets.maskUris(cause));
        return new LoadPackage(target);
    }

    /** Packages marked {@code aborted}: failed jobs or set aside, oldest first. */
    public List<LoadPackage> failedPackages() {
        return loadedPackages().stream().filter(p -> p.completedState().equals("aborted")).toList();
    }

    public List<LoadPackage> loadedPackages() {
        return packagesIn(workingDir.resolve("load/loaded"));
    }

    public boolean hasPendingPackages() {
        return !extractedPackages().isEmpty() || !normalizedPackages().isEmpty();
    }

    // ---- schemas and state

    public Path schemaFile(String schemaName) {
        return SafePaths.child(workingDir.resolve("schemas"), schemaName + ".schema.json", "schema file of source");
    }

    public Optional<Schema> schema(String schemaName) {
        Path f = schemaFile(schemaName);
        return Files.exists(f) ? Optional.of(SchemaJson.read(f)) : Optional.empty();
    }

    /**
     * Schema {@code schemaName} as stored, then as each extracted package still to normalize carries it (what
     * a later extract would see). Reads only: a package recovery would discard is read all the same.
     */
    public List<Schema> knownSchemas(String schemaName) {
        List<Schema> out = new ArrayList<>();
        schema(schemaName).ifPresent(out::add);
        for (LoadPackage pkg : packagesIn(workingDir.resolve("normalize/extracted"))) {
            if (!Files.isRegularFile(pkg.root().resolve(LoadPackage.SCHEMA_FILE))) {
                continue;
            }
            try {
                Schema s = pkg.schema();
                if (s.name().equals(schemaName)) {
                    out.add(s);
                }
            } catch (RuntimeException unreadable) {
                // normalize refuses the package with its cause; here it only tells less
            }
        }
        return out;
    }

    public void saveSchema(Schema schema) {
        SchemaJson.write(schema, schemaFile(schema.name()));
    }

    /**
     * The pipeline's state: the state of the last loaded package that carried one ({@code state.json});
     * empty for a pipeline that never loaded a package.
     */
    public Optional<PipelineState> state() {
        Path f = workingDir.resolve("state.json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PipelineState.fromJson(Files.readString(f)));
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("cannot read pipeline state " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * The state the newest pending package (extracted or normalized, not yet loaded) carries: a
     * new extract continues from it, so that packages loaded in order advance the state in order.
     * Empty when no pending package carries one.
     */
    public Optional<PipelineState> pendingState() {
        List<LoadPackage> pending = new ArrayList<>(packagesIn(workingDir.resolve("normalize/extracted")));
        pending.addAll(packagesIn(workingDir.resolve("load/normalized")));
        pending.sort(java.util.Comparator.comparing(LoadPackage::loadId).reversed());
        for (LoadPackage pkg : pending) {
            if (!pkg.hasFile(LoadPackage.COMPLETED_FILE)) {
                Optional<PipelineState> s = pkg.pipelineState();
                if (s.isPresent()) {
                    return s;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Makes a state and schemas restored from the destination the pipeline's: the schemas first,
     * then {@code state.json} (atomically), so a kill in between leaves a folder without state,
     * which the next run restores again. With {@code replaceSchemas} the schemas of the working
     * folder not among {@code schemas} are deleted (an on-demand sync replaces them all, as dlt's).
     */
    public void adoptRestored(PipelineState state, List<Schema> schemas, boolean replaceSchemas) {
        if (replaceSchemas) {
            Path dir = workingDir.resolve("schemas");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".schema.json")).toList()) {
                        Files.delete(f);
                    }
                } catch (IOException e) {
                    throw new StorageException("cannot delete the schemas in " + dir + " to replace them", e);
                }
            }
        }
        schemas.forEach(this::saveSchema);
        CrashPoints.reached("restore.before_state");
        saveState(state);
    }

    /** Makes the state a loaded package carries the pipeline's state; a package without one changes nothing. */
    private void adoptState(LoadPackage pkg) {
        pkg.pipelineState().ifPresent(this::saveState);
    }

    /** Replaces {@code state.json} atomically (write a temp file, rename it over). */
    void saveState(PipelineState state) {
        Path f = workingDir.resolve("state.json");
        Path tmp = workingDir.resolve("state.json.tmp");
        try {
            com.fasterxml.jackson.databind.JsonNode json = LoadPackage.MAPPER.readTree(state.toJson());
            LoadPackage.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
            CrashPoints.reached("state.before_rename");
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot write pipeline state " + f, e);
        }
    }

    // ---- helpers

    private static List<LoadPackage> packagesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<LoadPackage> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isDirectory).sorted().forEach(p -> out.add(new LoadPackage(p)));
        } catch (IOException e) {
            throw new StorageException("cannot list " + folder, e);
        }
        return out;
    }

    private static void moveFolder(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot move package folder " + from + " to " + to, e);
        }
    }

    /**
     * Deletes a folder of the working folder so that it is either whole or gone: it is renamed into
     * {@code .trash/} (atomic) and deleted from there; the next run empties what a kill left there.
     * {@code what} names the transition for {@link CrashPoints}.
     */
    public void discard(Path folder, String what) {
        if (!Files.exists(folder)) {
            return;
        }
        Path trash = workingDir.resolve(TRASH).resolve(String.format(Locale.ROOT, "%016x",
                ThreadLocalRandom.current().nextLong()));
        moveFolder(folder, trash);
        CrashPoints.reached("discard." + what + ".in_trash");
        deleteTree(trash);
    }

    private static void deleteContents(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) {
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new StorageException("cannot empty " + folder, e);
        }
    }

    /** Deletes a folder and all it holds; a missing folder is fine. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StorageException("cannot delete " + root, e);
        }
    }
}
