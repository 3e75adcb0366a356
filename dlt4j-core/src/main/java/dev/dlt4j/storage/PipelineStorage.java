package dev.dlt4j.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
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

/**
 * The pipeline's working folder, laid out as dlt lays it out: {@code state.json},
 * {@code schemas/}, {@code normalize/extracted/<load_id>/} and
 * {@code load/{new,normalized,loaded}/<load_id>/}. Stages meet only here; every package moves from
 * one state to the next by an atomic folder rename, so a crash leaves either the old state or the
 * new one, never half of each.
 */
public final class PipelineStorage {
    private final Path workingDir;

    public PipelineStorage(Path workingDir) {
        this.workingDir = workingDir;
        try {
            Files.createDirectories(workingDir.resolve("schemas"));
            Files.createDirectories(workingDir.resolve("normalize/extracted"));
            Files.createDirectories(workingDir.resolve("load/new"));
            Files.createDirectories(workingDir.resolve("load/normalized"));
            Files.createDirectories(workingDir.resolve("load/loaded"));
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

    /** Removes what a crashed run left half-written: temp extract folders and unfinished normalize output. */
    public void removeTemporaryPackages() {
        try (Stream<Path> s = Files.list(workingDir.resolve("normalize"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && !n.equals("extracted")) {
                    deleteTree(p);
                }
            }
            try (Stream<Path> n = Files.list(workingDir.resolve("load/new"))) {
                for (Path p : n.toList()) {
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

    public LoadPackage commitExtracted(LoadPackage pkg) {
        Path target = workingDir.resolve("normalize/extracted").resolve(pkg.loadId());
        moveFolder(pkg.root(), target);
        deleteTree(pkg.root().getParent());
        return new LoadPackage(target);
    }

    public void abortExtract(LoadPackage pkg) {
        deleteTree(pkg.root().getParent());
    }

    public List<LoadPackage> extractedPackages() {
        return packagesIn(workingDir.resolve("normalize/extracted"));
    }

    // ---- normalize

    public LoadPackage newLoadPackage(String loadId) {
        Path root = workingDir.resolve("load/new").resolve(loadId);
        deleteTree(root);
        return LoadPackage.create(root);
    }

    /** Publishes a normalized package, then deletes the extracted package it came from. */
    public LoadPackage commitNormalized(LoadPackage pkg, LoadPackage extracted) {
        Path target = workingDir.resolve("load/normalized").resolve(pkg.loadId());
        moveFolder(pkg.root(), target);
        deleteTree(extracted.root());
        return new LoadPackage(target);
    }

    public List<LoadPackage> normalizedPackages() {
        return packagesIn(workingDir.resolve("load/normalized"));
    }

    // ---- load

    public LoadPackage markLoaded(LoadPackage pkg, String status) {
        pkg.writeJson(LoadPackage.COMPLETED_FILE, LoadPackage.MAPPER.createObjectNode().put("state", status));
        Path target = workingDir.resolve("load/loaded").resolve(pkg.loadId());
        moveFolder(pkg.root(), target);
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
        return workingDir.resolve("schemas").resolve(schemaName + ".schema.json");
    }

    public Optional<Schema> schema(String schemaName) {
        Path f = schemaFile(schemaName);
        return Files.exists(f) ? Optional.of(SchemaJson.read(f)) : Optional.empty();
    }

    public void saveSchema(Schema schema) {
        SchemaJson.write(schema, schemaFile(schema.name()));
    }

    public Optional<ObjectNode> state() {
        Path f = workingDir.resolve("state.json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) LoadPackage.MAPPER.readTree(f.toFile()));
        } catch (IOException e) {
            throw new StorageException("cannot read pipeline state " + f, e);
        }
    }

    public void saveState(ObjectNode state) {
        Path f = workingDir.resolve("state.json");
        Path tmp = workingDir.resolve("state.json.tmp");
        try {
            LoadPackage.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
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
