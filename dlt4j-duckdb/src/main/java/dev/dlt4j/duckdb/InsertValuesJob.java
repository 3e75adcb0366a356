package dev.dlt4j.duckdb;

import dev.dlt4j.spi.Compression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs an {@code insert_values} job file: the {@code {}} of its {@code INSERT INTO {}(…)} header is
 * the qualified table, and its rows (one per line) are sent in statements of at most
 * {@link #MAX_STATEMENT_CHARS} characters, cut at row boundaries, in one transaction, so a failed
 * job leaves nothing behind and can be retried.
 */
final class InsertValuesJob {
    /** dlt's chunk: half DuckDB's (and PostgreSQL's) 32 MiB maximum query length. */
    static final int MAX_STATEMENT_CHARS = 16 * 1024 * 1024;

    private InsertValuesJob() {
    }

    /** Runs the job and returns the rows DuckDB inserted. */
    static long execute(Connection c, Statement st, String qualifiedTable, Path file, boolean gzip)
            throws IOException, SQLException {
        return execute(c, st, qualifiedTable, file, gzip, MAX_STATEMENT_CHARS);
    }

    static long execute(Connection c, Statement st, String qualifiedTable, Path file, boolean gzip,
            int maxStatementChars) throws IOException, SQLException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Compression.openInput(Files.newInputStream(file), gzip), StandardCharsets.UTF_8), 1 << 16)) {
            String header = in.readLine();
            if (header == null || header.isEmpty()) {
                return 0; // an empty job: the table only had to exist (or be truncated)
            }
            String values = in.readLine();
            if (!header.startsWith("INSERT INTO {}(") || !"VALUES".equals(values)) {
                throw new IOException("not an insert_values job file: it starts with '" + abbreviate(header) + "'");
            }
            String prefix = "INSERT INTO " + qualifiedTable + header.substring("INSERT INTO {}".length())
                    + "\nVALUES\n";
            {
                // the caller's transaction holds every chunk (and the job marker): all or nothing
                long inserted = 0;
                StringBuilder sql = new StringBuilder(prefix);
                boolean hasRows = false;
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    // every row line ends with ',' (more follow) or ';' (the last): cut it, re-add per statement
                    String rowText = line.substring(0, line.length() - 1);
                    if (hasRows && sql.length() + rowText.length() + 2 > maxStatementChars) {
                        inserted += st.executeUpdate(sql.append(';').toString());
                        sql.setLength(0);
                        sql.append(prefix);
                        hasRows = false;
                    }
                    sql.append(hasRows ? ",\n" : "").append(rowText);
                    hasRows = true;
                }
                if (hasRows) {
                    inserted += st.executeUpdate(sql.append(';').toString());
                }
                return inserted;
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
