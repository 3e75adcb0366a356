package dev.dlt4j.source.filesystem;

import static dev.dlt4j.source.filesystem.TestFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cases found in review of the filesystem source (issue 15), loaded into real DuckDB. */
class FilesReviewTest {
    @TempDir
    Path tmp;

    /**
     * Excel's and PowerShell's "CSV UTF-8" starts with a byte order mark and quotes the header: the
     * mark must not keep the first name's quotes (it loaded as column {@code _idx}, not {@code id}).
     */
    @Test
    void aByteOrderMarkBeforeAQuotedHeaderLeavesTheFirstNameUnquoted() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("bom"));
        write(data.resolve("excel.csv"), "\uFEFF\"id\",\"name\"\r\n1,\"a\r\nb\"\r\n2,c\r\n");
        TestFiles.duckdb(tmp, "bom").build().run(FilesystemSource.of(data + "/*.csv").name("t").source());
        assertThat(query(tmp.resolve("bom.duckdb"), "SELECT id, name FROM bom_data.t ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "name", "a\r\nb"), Map.of("id", 2L, "name", "c"));
    }
}
