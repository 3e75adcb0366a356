package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private Run demo(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] base = {"demo", "--database", tmp.resolve("demo.duckdb").toString(), "--pipelines-dir",
            tmp.resolve("pipelines").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("demo.duckdb"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long printed(String out, String table) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(table) + "\\s+([\\d,]+)$").matcher(out);
        assertThat(m.find()).as("count of " + table + " in:\n" + out).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void theDemoLoadsNestedIssuesAndPrintsCountsThatMatchTheDatabase() throws Exception {
        Run run = demo("--rows", "1500");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(scalar("SELECT count(*) FROM demo_data.issues")).isEqualTo(1500).isEqualTo(printed(run.out(), "issues"));
        assertThat(scalar("SELECT count(*) FROM demo_data.issues__labels")).isEqualTo(4500)
                .isEqualTo(printed(run.out(), "issues__labels"));
        assertThat(scalar("SELECT count(*) FROM demo_data.issues__assignees")).isEqualTo(3000)
                .isEqualTo(printed(run.out(), "issues__assignees"));
        assertThat(scalar("SELECT count(*) FROM demo_data.issues__labels l LEFT JOIN demo_data.issues i"
                + " ON l._dlt_parent_id = i._dlt_id WHERE i._dlt_id IS NULL")).isZero();
        assertThat(scalar("SELECT count(*) FROM demo_data._dlt_loads")).isEqualTo(1);
        assertThat(run.out()).contains("is LOADED");
    }

    @Test
    void aSecondRunAppendsAndReplaceReplaces() throws Exception {
        assertThat(demo("--rows", "100").code()).isZero();
        assertThat(demo("--rows", "100").code()).isZero();
        assertThat(scalar("SELECT count(*) FROM demo_data.issues")).isEqualTo(200);
        assertThat(scalar("SELECT count(*) FROM demo_data._dlt_loads")).isEqualTo(2);
        assertThat(demo("--rows", "50", "--replace").code()).isZero();
        assertThat(scalar("SELECT count(*) FROM demo_data.issues")).isEqualTo(50);
        assertThat(scalar("SELECT count(*) FROM demo_data.issues__labels")).isEqualTo(150);
        assertThat(scalar("SELECT count(*) FROM demo_data._dlt_loads")).isEqualTo(3);
    }

    @Test
    void aBadOptionExitsNonZeroWithAOneLineReason() {
        Run run = demo("--rows", "-5");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("dlt4j: ").contains("--rows").doesNotContain("\n");
    }
}
