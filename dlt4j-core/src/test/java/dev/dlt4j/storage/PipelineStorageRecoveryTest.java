package dev.dlt4j.storage;

import dev.dlt4j.spi.CrashPointHook;
import dev.dlt4j.spi.JobFileName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage half of crash recovery: the states a run killed between the two steps of a
 * transition leaves, and how the next run finishes the transition. (The crash harness of each
 * destination kills real runs at these points; this shows the rules on bare folders.)
 */
class PipelineStorageRecoveryTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearHook() {
        CrashPointHook.clear();
    }

    private PipelineStorage storage() {
        return new PipelineStorage(tmp.resolve("p"));
    }

    /** An extracted package with a schema and one job file, as extract commits it. */
    private LoadPackage extracted(PipelineStorage storage, String loadId) {
        LoadPackage pkg = storage.newExtractPackage(loadId);
        pkg.writeSchema(Schema.empty("s"));
        LoadPackage.writeText(pkg.jobPath(JobState.NEW, JobFileName.create("t", "typed-jsonl", false)), "{}\n");
        return storage.commitExtracted(pkg);
    }

    /** Normalizes by copying: a package in load/new with the extracted package's files. */
    private LoadPackage normalizedCopy(PipelineStorage storage, LoadPackage extracted) {
        LoadPackage pkg = storage.newLoadPackage(extracted.loadId());
        pkg.writeSchema(extracted.schema());
        return pkg;
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void anExtractedCopyOfANormalizedPackageIsDiscardedNotNormalizedAgain() {
        PipelineStorage storage = storage();
        LoadPackage ex = extracted(storage, "1.000001");
        CrashPointHook.throwAt("normalize.after_commit", 1);
        assertThatThrownBy(() -> storage.commitNormalized(normalizedCopy(storage, ex), ex))
                .isInstanceOf(CrashPointHook.Crash.class);
        // the state a kill right after the rename leaves: both copies
        assertThat(ex.root()).isDirectory();
        assertThat(tmp.resolve("p/load/normalized/1.000001")).isDirectory();

        assertThat(storage.extractedPackages()).isEmpty();
        assertThat(ex.root()).doesNotExist();
        assertThat(storage.normalizedPackages()).extracting(LoadPackage::loadId).containsExactly("1.000001");
    }

    @Test
    void anExtractedCopyOfALoadedPackageIsDiscarded() throws IOException {
        PipelineStorage storage = storage();
        LoadPackage ex = extracted(storage, "1.000002");
        Files.createDirectories(tmp.resolve("p/load/loaded/1.000002"));
        LoadPackage other = extracted(storage, "1.000003");
        assertThat(storage.extractedPackages()).extracting(LoadPackage::loadId).containsExactly("1.000003");
        assertThat(ex.root()).doesNotExist();
        assertThat(other.root()).isDirectory();
    }

    @Test
    void theExtractedPackageIsDiscardedWholeOrNotAtAll() throws IOException {
        PipelineStorage storage = storage();
        LoadPackage ex = extracted(storage, "1.000004");
        CrashPointHook.throwAt("discard.extracted.in_trash", 1);
        assertThatThrownBy(() -> storage.commitNormalized(normalizedCopy(storage, ex), ex))
                .isInstanceOf(CrashPointHook.Crash.class);
        assertThat(ex.root()).doesNotExist();
        assertThat(entries(tmp.resolve("p/.trash"))).isEqualTo(1);
        storage.removeTemporaryPackages();
        assertThat(entries(tmp.resolve("p/.trash"))).isZero();
    }

    @Test
    void theSchemaIsSavedBeforeTheNormalizedPackageIsPublished() {
        PipelineStorage storage = storage();
        LoadPackage ex = extracted(storage, "1.000005");
        CrashPointHook.throwAt("normalize.before_commit", 1);
        assertThatThrownBy(() -> storage.commitNormalized(normalizedCopy(storage, ex), ex))
                .isInstanceOf(CrashPointHook.Crash.class);
        assertThat(storage.schema("s")).isPresent();
        assertThat(storage.normalizedPackages()).isEmpty();
        // the unpublished output is removed; the extracted package is normalized again
        storage.removeTemporaryPackages();
        assertThat(tmp.resolve("p/load/new/1.000005")).doesNotExist();
        assertThat(storage.extractedPackages()).extracting(LoadPackage::loadId).containsExactly("1.000005");
    }

    @Test
    void aNormalizedPackageMarkedCompletedIsMovedToLoadedNotLoadedAgain() {
        PipelineStorage storage = storage();
        LoadPackage ex = extracted(storage, "1.000006");
        LoadPackage pkg = storage.commitNormalized(normalizedCopy(storage, ex), ex);
        CrashPointHook.throwAt("package_file.package_completed.json.after_rename", 1);
        assertThatThrownBy(() -> storage.markLoaded(pkg, "loaded")).isInstanceOf(CrashPointHook.Crash.class);
        assertThat(pkg.root()).isDirectory();

        assertThat(storage.normalizedPackages()).isEmpty();
        assertThat(storage.loadedPackages()).extracting(LoadPackage::loadId).containsExactly("1.000006");
        assertThat(tmp.resolve("p/load/loaded/1.000006/package_completed.json")).content().contains("loaded");
    }

    @Test
    void aKillInsideExtractLeavesOnlyATempFolderTheNextRunRemoves() throws IOException {
        PipelineStorage storage = storage();
        LoadPackage pkg = storage.newExtractPackage("1.000007");
        pkg.writeSchema(Schema.empty("s"));
        CrashPointHook.throwAt("extract.after_commit", 1);
        assertThatThrownBy(() -> storage.commitExtracted(pkg)).isInstanceOf(CrashPointHook.Crash.class);
        assertThat(entries(tmp.resolve("p/normalize"))).isEqualTo(3); // .version, extracted, the empty temp folder
        storage.removeTemporaryPackages();
        assertThat(entries(tmp.resolve("p/normalize"))).isEqualTo(2);
        assertThat(storage.extractedPackages()).extracting(LoadPackage::loadId).containsExactly("1.000007");
    }
}
