package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.PipelineException;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No load is reported complete with rows missing: a job file or an extracted file that was
 * truncated (to 0 bytes or in the middle) after its writer recorded its rows and size is refused,
 * naming the file, and the dataset gets no {@code _dlt_loads} row for it. Run against the real
 * store of each destination.
 */
public abstract class PackageIntegrityContractTest extends DatasetTestBase {
    /** The single job file of {@code table} in the pending package under {@code place} (e.g. load/normalized). */
    protected static Path jobFile(Pipeline p, String place, String table) {
        try (Stream<Path> packages = Files.list(p.workingDir().resolve(place))) {
            Path pkg = packages.filter(Files::isDirectory).findFirst().orElseThrow();
            LoadPackage lp = new LoadPackage(pkg);
            List<JobFileName> jobs = lp.jobs(JobState.NEW).stream().filter(j -> j.table().equals(table)).toList();
            assertThat(jobs).as("job files of " + table).hasSize(1);
            return lp.jobPath(JobState.NEW, jobs.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void truncate(Path file, long size) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aJobFileTruncatedToZeroBytesIsRefusedNamingTheFileAndTheLoadIsNotRecorded() {
        Pipeline p = pipeline("trunc0").build();
        p.extract(orders(300));
        p.normalize();
        Path child = jobFile(p, "load/normalized", "orders__items");
        truncate(child, 0);

        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class)
                .hasMessageContaining(child.getFileName().toString()).hasMessageContaining("0 bytes");
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void aJobFileTruncatedInTheMiddleIsRefusedNamingTheFileAndTheLoadIsNotRecorded() {
        Pipeline p = pipeline("trunchalf").build();
        p.extract(orders(300));
        p.normalize();
        Path child = jobFile(p, "load/normalized", "orders__items");
        truncate(child, size(child) / 2);

        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class)
                .hasMessageContaining(child.getFileName().toString()).hasMessageContaining("truncated");
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void theRowsTheDestinationReportsAreCheckedAgainstTheRowsNormalizeRecorded() throws IOException {
        Pipeline p = pipeline("rowcheck").build();
        p.extract(orders(10));
        p.normalize();
        Path child = jobFile(p, "load/normalized", "orders__items");
        // the file is intact, but the package says it holds one row more than the destination will find
        Path counts = child.getParent().getParent().resolve(LoadPackage.JOB_COUNTS_FILE);
        Files.writeString(counts, Files.readString(counts).replace("\"rows\" : 20", "\"rows\" : 21"));

        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class)
                .hasMessageContaining(child.getFileName().toString()).hasMessageContaining("loaded 20 rows")
                .hasMessageContaining("normalize wrote 21");
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void withAtomicPackagesOffAJobWithTheWrongRowCountLeavesNoneOfItsRows() throws IOException {
        Pipeline p = pipeline("rowcheckjob").environment(java.util.Map.of("LOAD__ATOMIC_PACKAGES", "false")).build();
        p.extract(orders(10));
        p.normalize();
        Path child = jobFile(p, "load/normalized", "orders__items");
        Path counts = child.getParent().getParent().resolve(LoadPackage.JOB_COUNTS_FILE);
        Files.writeString(counts, Files.readString(counts).replace("\"rows\" : 20", "\"rows\" : 21"));

        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class).hasMessageContaining("normalize wrote 21");
        // the job is aborted after its run: its rows are not committed (nor its marker)
        assertThat(count(p, "orders__items")).isZero();
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void anExtractedFileTruncatedInTheMiddleIsRefusedByNormalizeNamingTheFile() {
        Pipeline p = pipeline("truncext").build();
        p.extract(orders(300));
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        truncate(extracted, size(extracted) / 2);

        assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class)
                .hasMessageContaining(extracted.getFileName().toString()).hasMessageContaining("truncated")
                .hasMessageContaining("extract them again");
        p.load();
        assertThat(count(p, "orders")).isZero();
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void anExtractedFileTruncatedToZeroBytesIsRefusedByNormalizeNamingTheFile() {
        Pipeline p = pipeline("truncext0").build();
        p.extract(orders(300));
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        truncate(extracted, 0);

        assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class)
                .hasMessageContaining(extracted.getFileName().toString());
        p.load();
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void anExtractedFileDamagedInPlaceIsSetAsideNamingTheFileAndTheNextRunLoadsNewData() throws IOException {
        Pipeline p = pipeline("damagedext").build();
        p.extract(orders(300));
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        long size = size(extracted);
        try (RandomAccessFile f = new RandomAccessFile(extracted.toFile(), "rw")) {
            // same size, so only reading shows it (the block's checksum, compressed or stored)
            for (long at = size / 3; at < size / 3 + 64; at++) {
                f.seek(at);
                f.write(0x5A);
            }
        }

        assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class)
                .hasMessageContaining(extracted.getFileName().toString()).hasMessageContaining("damaged")
                .hasMessageContaining("set aside").hasMessageContaining("extract them again");
        // the package can never be read as it is: it does not block the runs after it
        p.run(orders(5));
        assertThat(count(p, "orders")).isEqualTo(5);
        assertThat(count(p, "_dlt_loads")).isEqualTo(1);
    }

    @Test
    void extractedFilesCompressTheirBlocksExactlyWhenTheDestinationCompressesItsJobFiles() throws IOException {
        Pipeline p = pipeline("blocks").build();
        p.extract(orders(300));
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        byte[] bytes = Files.readAllBytes(extracted);
        assertThat(Compression.codecOf(extracted)).contains(Compression.Codec.LZ4);
        // the first block's size follows the 7-byte frame header; its high bit marks a block stored as it is
        boolean stored = (bytes[10] & 0x80) != 0;
        assertThat(stored).isEqualTo(!p.destination().capabilities().compressesJobFiles());
        p.normalize();
        p.load();
        assertThat(count(p, "orders")).isEqualTo(300);
    }

    @Test
    void anExtractedFileThatIsMissingIsRefusedByNormalizeNamingTheFile() throws IOException {
        Pipeline p = pipeline("missingext").build();
        p.extract(orders(300));
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        Files.delete(extracted);

        assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class)
                .hasMessageContaining(extracted.getFileName().toString().replace(".0.", ".")).hasMessageContaining("missing");
        p.load();
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void anExtractedFileChangedInSizeIsRefusedByNormalizeNamingTheFile() throws IOException {
        Pipeline p = pipeline("grownext").build();
        p.extract(orders(300));
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        Files.write(extracted, new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class)
                .hasMessageContaining(extracted.getFileName().toString()).hasMessageContaining("changed");
        p.load();
        assertThat(count(p, "orders")).isZero();
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    /** {@code n} orders as typed pages of 100 rows: extracted into a {@code typed-columns} file. */
    protected static Resource typedOrders(int n) {
        List<ColumnPage> pages = new java.util.ArrayList<>();
        for (int from = 0; from < n; from += 100) {
            ColumnPage.Builder b = ColumnPage.builder().column("id", DataType.BIGINT).column("sku", DataType.TEXT);
            for (int i = from; i < Math.min(n, from + 100); i++) {
                b.setLong(0, i).set(1, "a" + i).endRow();
            }
            pages.add(b.build());
        }
        return Resource.of("orders", pages);
    }

    @Test
    void aTypedColumnsFileTruncatedInTheMiddleOrToZeroBytesIsRefusedByNormalizeNamingTheFile() {
        for (long keep : new long[] {-1, 0}) {
            Pipeline p = pipeline("trunctyped" + (keep + 1)).build();
            p.extract(typedOrders(300));
            Path extracted = jobFile(p, "normalize/extracted", "orders");
            assertThat(extracted.getFileName().toString()).contains(".typed-columns");
            truncate(extracted, keep < 0 ? size(extracted) / 2 : keep);

            assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class)
                    .hasMessageContaining(extracted.getFileName().toString());
            p.load();
            assertThat(count(p, "orders")).isZero();
            assertThat(count(p, "_dlt_loads")).isZero();
        }
    }

    @Test
    void aTypedColumnsFileChangedInSizeIsRefusedAndAnIntactOneLoadsEveryRow() throws IOException {
        Pipeline p = pipeline("growntyped").build();
        p.extract(typedOrders(300));
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        Files.write(extracted, new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class)
                .hasMessageContaining(extracted.getFileName().toString()).hasMessageContaining("changed");

        Pipeline intact = pipeline("intacttyped").build();
        intact.run(typedOrders(300));
        assertThat(count(intact, "orders")).isEqualTo(300);
        assertThat(count(intact, "_dlt_loads")).isEqualTo(1);
    }

    /** The package of {@code loadId} set aside as failed: in load/loaded, aborted, with its cause. */
    private static LoadPackage setAside(Pipeline p, String loadId) {
        LoadPackage pkg = new LoadPackage(p.workingDir().resolve("load/loaded").resolve(loadId));
        assertThat(pkg.completedState()).isEqualTo("aborted");
        return pkg;
    }

    @Test
    void aPackageThatCanNeverLoadIsSetAsideAsFailedAndTheNextRunLoadsNewData() throws IOException {
        Pipeline p = pipeline("aside").build();
        String loadId = p.extract(orders(300)).loadIds().get(0);
        p.normalize();
        Path child = jobFile(p, "load/normalized", "orders__items");
        Files.delete(child);

        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class)
                .hasMessageContaining(child.getFileName().toString().replace(".0.", "."))
                .hasMessageContaining("set aside as failed");
        assertThat(setAside(p, loadId).failure()).hasValueSatisfying(f -> assertThat(f).startsWith("load: ")
                .contains("missing"));

        p.run(orders(5));
        assertThat(count(p, "orders")).isEqualTo(5);
        assertThat(count(p, "orders__items")).isEqualTo(10);
        assertThat(count(p, "_dlt_loads")).isEqualTo(1);
    }

    @Test
    void aPackageThatCanNeverBeNormalizedIsSetAsideAsFailedAndTheNextRunLoadsNewData() {
        Pipeline p = pipeline("asidenorm").build();
        String loadId = p.extract(orders(300)).loadIds().get(0);
        Path extracted = jobFile(p, "normalize/extracted", "orders");
        truncate(extracted, size(extracted) / 2);

        assertThatThrownBy(p::normalize).isInstanceOf(PipelineException.class).hasMessageContaining("set aside");
        assertThat(setAside(p, loadId).failure()).hasValueSatisfying(f -> assertThat(f).startsWith("normalize: ")
                .contains(extracted.getFileName().toString()));

        p.run(orders(5));
        assertThat(count(p, "orders")).isEqualTo(5);
        assertThat(count(p, "_dlt_loads")).isEqualTo(1);
    }

    @Test
    void intactPackagesLoadEveryRow() {
        Pipeline p = pipeline("intact").build();
        p.run(orders(300));
        assertThat(count(p, "orders")).isEqualTo(300);
        assertThat(count(p, "orders__items")).isEqualTo(600);
        assertThat(count(p, "_dlt_loads")).isEqualTo(1);
    }
}
