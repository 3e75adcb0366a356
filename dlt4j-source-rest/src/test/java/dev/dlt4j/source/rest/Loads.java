package dev.dlt4j.source.rest;

import dev.dlt4j.Pipeline;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Pipelines into a DuckDB file under a temp folder, and the rows read back. */
final class Loads {
    private Loads() {
    }

    static Pipeline pipeline(Path tmp, String name) {
        return pipeline(tmp, name, Map.of());
    }

    static Pipeline pipeline(Path tmp, String name, Map<String, String> env) {
        return Pipeline.builder(name).destination("duckdb:" + tmp.resolve(name + ".duckdb").toAbsolutePath())
                .dataset("rest_data").pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(env).build();
    }

    /** The first column of each row of {@code sql} over the pipeline's DuckDB file, as text. */
    static List<String> column(Path tmp, String name, String sql) {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve(name + ".duckdb").toAbsolutePath(),
                p); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
