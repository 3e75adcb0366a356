package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package extracted by a build before LZ4 (its files gzip'd and named {@code .gz}) and left
 * pending is normalized and loaded whole by this build; this build's own packages are extracted
 * into LZ4 files named {@code .lz4}.
 */
class ExtractedCodecUpgradeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Resource rows(int n) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Map.of("id", i, "name", "row " + i, "tags", List.of("a" + i, "b")));
        }
        return Resource.of("rows", items);
    }

    private static Resource typed(int n) {
        List<ColumnPage> pages = new ArrayList<>();
        for (int from = 0; from < n; from += 100) {
            ColumnPage.Builder b = ColumnPage.builder().column("id", DataType.BIGINT).column("sku", DataType.TEXT);
            for (int i = from; i < Math.min(n, from + 100); i++) {
                b.setLong(0, i).set(1, "s" + i).endRow();
            }
            pages.add(b.build());
        }
        return Resource.of("typed", pages);
    }

    private static LoadPackage extractedPackage(Pipeline p) throws IOException {
        try (Stream<Path> s = Files.list(p.workingDir().resolve("normalize/extracted"))) {
            return new LoadPackage(s.filter(Files::isDirectory).findFirst().orElseThrow());
        }
    }

    /**
     * Rewrites the package's extracted files as the older build wrote them: the same content gzip'd,
     * named {@code .gz}, with their recorded sizes.
     */
    private static List<String> downgradeToGzip(LoadPackage pkg) throws IOException {
        Path counts = pkg.root().resolve(LoadPackage.JOB_COUNTS_FILE);
        ObjectNode recorded = (ObjectNode) JSON.readTree(counts.toFile());
        List<String> names = new ArrayList<>();
        for (JobFileName job : pkg.jobs(JobState.NEW)) {
            Path lz4 = pkg.jobPath(JobState.NEW, job);
            assertThat(job.codec()).contains(Compression.Codec.LZ4);
            JobFileName old = new JobFileName(job.table(), job.fileId(), job.retryCount(), job.format(), true);
            Path gz = pkg.jobPath(JobState.NEW, old);
            try (InputStream in = new LZ4FrameInputStream(Files.newInputStream(lz4));
                    OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                in.transferTo(out);
            }
            Files.delete(lz4);
            ObjectNode count = (ObjectNode) recorded.remove(job.jobId());
            if (count != null) {
                recorded.set(old.jobId(), count.put("bytes", Files.size(gz)));
            }
            names.add(old.fileName());
        }
        JSON.writeValue(counts.toFile(), recorded);
        return names;
    }

    @Test
    void aPackageAnOlderBuildExtractedWithGzipIsNormalizedAndLoadedWhole() throws IOException {
        Pipeline p = DuckDbTesting.pipeline(tmp, "xcodec_upgrade").build();
        p.extract(Source.of("xcodec_upgrade", rows(500), typed(300)));
        List<String> gz = downgradeToGzip(extractedPackage(p));
        assertThat(gz).anyMatch(n -> n.endsWith(".typed-rows.gz")).anyMatch(n -> n.endsWith(".typed-columns.gz"));

        p.normalize();
        p.load();
        Path db = tmp.resolve("xcodec_upgrade.duckdb");
        assertThat(count(db, "xcodec_upgrade_data.rows")).isEqualTo(500);
        assertThat(count(db, "xcodec_upgrade_data.rows__tags")).isEqualTo(1000);
        assertThat(count(db, "xcodec_upgrade_data.typed")).isEqualTo(300);
        assertThat(count(db, "xcodec_upgrade_data._dlt_loads")).isEqualTo(1);
    }

    @Test
    void aRunAfterTheUpgradeFinishesTheOldPackageThenLoadsItsOwn() throws IOException {
        Pipeline p = DuckDbTesting.pipeline(tmp, "xcodec_pending").build();
        p.extract(Source.of("xcodec_pending", rows(50)));
        downgradeToGzip(extractedPackage(p));

        p.run(Source.of("xcodec_pending", rows(7)));
        Path db = tmp.resolve("xcodec_pending.duckdb");
        assertThat(count(db, "xcodec_pending_data.rows")).isEqualTo(57);
        assertThat(count(db, "xcodec_pending_data._dlt_loads")).isEqualTo(2);
    }

    @Test
    void thisBuildExtractsLz4FilesNamedLz4AndPlainOnesWhenCompressionIsDisabled() throws IOException {
        Pipeline p = DuckDbTesting.pipeline(tmp, "xcodec_names").build();
        p.extract(Source.of("xcodec_names", rows(5), typed(5)));
        LoadPackage pkg = extractedPackage(p);
        for (JobFileName job : pkg.jobs(JobState.NEW)) {
            assertThat(job.fileName()).endsWith("." + job.format() + ".lz4");
            assertThat(Compression.codecOf(pkg.jobPath(JobState.NEW, job))).contains(Compression.Codec.LZ4);
        }
        p.normalize();
        p.load();
        assertThat(count(tmp.resolve("xcodec_names.duckdb"), "xcodec_names_data.typed")).isEqualTo(5);

        Path project = Files.createDirectories(tmp.resolve("project/.dlt")).getParent();
        Files.writeString(project.resolve(".dlt/config.toml"), "[sources.data_writer]\ndisable_compression = true\n");
        Pipeline plain = DuckDbTesting.pipeline(tmp, "xcodec_plain").projectDir(project).build();
        plain.extract(Source.of("xcodec_plain", rows(5), typed(5)));
        LoadPackage plainPkg = extractedPackage(plain);
        assertThat(plainPkg.jobs(JobState.NEW)).isNotEmpty().allSatisfy(job -> {
            assertThat(job.codec()).isEmpty();
            assertThat(job.fileName()).endsWith("." + job.format());
        });
    }
}
