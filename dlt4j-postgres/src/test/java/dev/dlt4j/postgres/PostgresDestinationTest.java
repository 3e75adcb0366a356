package dev.dlt4j.postgres;

import static dev.dlt4j.postgres.PostgresTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.storage.PipelineStorage;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only PostgreSQL shows: its DDL types, 63-character identifiers, connection and lock errors. */
class PostgresDestinationTest {
    @TempDir
    Path tmp;

    private final List<String> datasets = new ArrayList<>();

    @BeforeEach
    void server() {
        requireServer();
    }

    @AfterEach
    void drop() {
        datasets.forEach(PostgresTesting::dropSchema);
    }

    private Pipeline.Builder pipeline(String name, String uri) {
        String dataset = uniqueDataset(name);
        datasets.add(dataset);
        return Pipeline.builder(name).destination(uri).dataset(dataset).pipelinesDir(tmp.resolve("pipelines"));
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void columnsGetDltsPostgresTypes() {
        Pipeline p = pipeline("types", URI).build();
        p.run(Resource.of("t", List.of(row("big", 1L, "dbl", 1.5, "flag", true, "txt", "x",
                "ts", Instant.parse("2024-01-01T00:00:00Z"), "day", LocalDate.of(2024, 1, 1),
                "dec", new BigDecimal("1.5"), "bin", new byte[] {1}, "doc", Map.of("a", 1), "tags", List.of(1)))));

        Map<String, String> types = columnTypes(p.datasetName(), "t");
        assertThat(types).containsEntry("big", "bigint").containsEntry("dbl", "double precision")
                .containsEntry("flag", "boolean").containsEntry("txt", "character varying")
                .containsEntry("ts", "timestamp with time zone").containsEntry("day", "date")
                .containsEntry("dec", "numeric(38,9)").containsEntry("bin", "bytea")
                .containsEntry("doc__a", "bigint").containsEntry("_dlt_id", "character varying");
        assertThat(columnTypes(p.datasetName(), "_dlt_loads")).containsEntry("inserted_at", "timestamp with time zone");
        // dlt's system tables: load ids and the state's row ids are varchar(64); a data table's _dlt_id has no length
        assertThat(query("SELECT table_name AS t, column_name AS c, character_maximum_length AS n FROM"
                + " information_schema.columns WHERE table_schema = '" + p.datasetName() + "' AND column_name IN"
                + " ('load_id', '_dlt_load_id', '_dlt_id') AND table_name IN ('_dlt_loads', '_dlt_pipeline_state')"
                + " ORDER BY 1, 2")).containsExactly(Map.of("t", "_dlt_loads", "c", "load_id", "n", 64),
                        Map.of("t", "_dlt_pipeline_state", "c", "_dlt_id", "n", 64),
                        Map.of("t", "_dlt_pipeline_state", "c", "_dlt_load_id", "n", 64));
        assertThat(query("SELECT character_maximum_length AS n FROM information_schema.columns WHERE table_schema = '"
                + p.datasetName() + "' AND table_name = 't' AND column_name = '_dlt_id'").get(0).get("n")).isNull();
        // _dlt_id is unique (dlt's create_indexes for postgres)
        assertThat(query("SELECT count(*) AS n FROM pg_indexes WHERE schemaname = '" + p.datasetName()
                + "' AND tablename = 't'").get(0).get("n")).isEqualTo(1L);
    }

    @Test
    void jobFilesArePlainCsvWhateverDisableCompressionSays() throws Exception {
        Pipeline p = pipeline("plain", URI).build(); // disable_compression is false by default
        p.run(Resource.of("t", List.of(row("id", 1L), row("id", 2L))));
        Path loaded;
        try (var s = java.nio.file.Files.list(p.workingDir().resolve("load/loaded"))) {
            loaded = s.findFirst().orElseThrow().resolve("completed_jobs");
        }
        try (var s = java.nio.file.Files.list(loaded)) {
            assertThat(s.toList()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.getFileName().toString()).endsWith(".csv");
                assertThat(dev.dlt4j.spi.Compression.isGzip(f)).isFalse();
            });
        }
        assertThat(query("SELECT count(*) AS n FROM \"" + p.datasetName() + "\".t").get(0).get("n")).isEqualTo(2L);
    }

    @Test
    void createIndexesFalseCreatesNoUniqueConstraint() {
        Pipeline p = pipeline("noidx", URI).environment(Map.of("DESTINATION__POSTGRES__CREATE_INDEXES", "false"))
                .build();
        p.run(Resource.of("t", List.of(row("id", 1L), row("id", 2L))));
        assertThat(query("SELECT count(*) AS n FROM pg_indexes WHERE schemaname = '" + p.datasetName()
                + "' AND tablename = 't'").get(0).get("n")).isEqualTo(0L);
        assertThat(query("SELECT count(*) AS n FROM \"" + p.datasetName() + "\".t").get(0).get("n")).isEqualTo(2L);
    }

    @Test
    void precisionAndTimezoneHintsChooseTheNarrowerPostgresTypes() {
        Pipeline p = pipeline("hints", URI).build();
        p.run(Resource.of("t", List.of(row("small", 1, "mid", 2, "code", "ab", "amount", new BigDecimal("12.34"),
                "at", "2024-01-01T00:00:00.123Z", "local", "2024-01-01T00:00:00Z")))
                .columns(dev.dlt4j.Column.of("small", dev.dlt4j.DataType.BIGINT).withPrecision(16, 0),
                        dev.dlt4j.Column.of("mid", dev.dlt4j.DataType.BIGINT).withPrecision(32, 0),
                        dev.dlt4j.Column.of("code", dev.dlt4j.DataType.TEXT).withPrecision(10, 0),
                        dev.dlt4j.Column.of("amount", dev.dlt4j.DataType.DECIMAL).withPrecision(10, 2),
                        dev.dlt4j.Column.of("at", dev.dlt4j.DataType.TIMESTAMP).withPrecision(3, 0),
                        dev.dlt4j.Column.builder("local", dev.dlt4j.DataType.TIMESTAMP).timezone(false)
                                .build()));

        assertThat(columnTypes(p.datasetName(), "t")).containsEntry("small", "smallint").containsEntry("mid", "integer")
                .containsEntry("code", "character varying").containsEntry("amount", "numeric(10,2)")
                .containsEntry("at", "timestamp with time zone").containsEntry("local", "timestamp without time zone");
        String where = " FROM information_schema.columns WHERE table_schema = '" + p.datasetName() + "'";
        assertThat(query("SELECT character_maximum_length AS n" + where + " AND column_name = 'code'"))
                .containsExactly(Map.of("n", 10));
        assertThat(query("SELECT datetime_precision AS p" + where + " AND column_name = 'at'"))
                .containsExactly(Map.of("p", 3));
    }

    @Test
    void aTimestampOrTimeOfPrecisionZeroHoldsWholeSeconds() {
        Pipeline p = pipeline("whole_seconds", URI).build();
        p.run(Resource.of("t", List.of(row("at", "2024-01-01T00:00:00.4Z", "clock", java.time.LocalTime.parse("10:00:00.4"))))
                .columns(dev.dlt4j.Column.of("at", dev.dlt4j.DataType.TIMESTAMP).withPrecision(0, 0),
                        dev.dlt4j.Column.of("clock", dev.dlt4j.DataType.TIME).withPrecision(0, 0)));
        assertThat(columnTypes(p.datasetName(), "t")).containsEntry("at", "timestamp with time zone")
                .containsEntry("clock", "time without time zone");
        assertThat(query("SELECT column_name AS c, datetime_precision AS p FROM information_schema.columns"
                + " WHERE table_schema = '" + p.datasetName() + "' AND column_name IN ('at', 'clock') ORDER BY 1"))
                .containsExactly(Map.of("c", "at", "p", 0), Map.of("c", "clock", "p", 0));
        assertThat(query("SELECT to_char(at AT TIME ZONE 'UTC', 'HH24:MI:SS.US') AS at, clock::text AS clock FROM \""
                + p.datasetName() + "\".t")).containsExactly(Map.of("at", "00:00:00.000000", "clock", "10:00:00"));
    }

    @Test
    void aTimeOfPrecision9IsATimeOf6WhoseExtraDigitsPostgresRounds() {
        // as dlt: time (9), which PostgreSQL takes as time (6) with a notice (a timestamp above 6 is refused)
        Pipeline p = pipeline("time9", URI).build();
        p.run(Resource.of("t", List.of(row("clock", java.time.LocalTime.parse("10:00:00.1234567"))))
                .columns(dev.dlt4j.Column.of("clock", dev.dlt4j.DataType.TIME).withPrecision(9, 0)));
        assertThat(query("SELECT datetime_precision AS p, clock::text AS clock FROM information_schema.columns,"
                + " \"" + p.datasetName() + "\".t WHERE table_schema = '" + p.datasetName() + "' AND column_name = 'clock'"))
                .containsExactly(Map.of("p", 6, "clock", "10:00:00.123457"));
    }

    @Test
    void digitsBeyondTheMicrosecondAreCutSoAValueStaysInItsSecond() {
        // PostgreSQL rounds what it cannot keep: the last nanosecond of a year became the next year's midnight
        Pipeline p = pipeline("nanos", URI).build();
        p.run(Resource.of("t", List.of(row("id", 1L, "at", Instant.parse("2024-12-31T23:59:59.999999999Z"),
                "clock", java.time.LocalTime.parse("23:59:59.999999999")))));

        assertThat(query("SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at, clock::text AS clock"
                + " FROM \"" + p.datasetName() + "\".t")).containsExactly(
                        Map.of("at", "2024-12-31 23:59:59.999999", "clock", "23:59:59.999999"));
    }

    @Test
    void identifiersLongerThan63CharactersAreShortenedWithAHashTag() {
        String longKey = "a_very_long_property_name_that_keeps_going_past_the_postgres_identifier_limit";
        Pipeline p = pipeline("long_names", URI).build();
        p.run(Resource.of("t", List.of(row("id", 1, longKey, "v"))));

        List<String> columns = new ArrayList<>(columnTypes(p.datasetName(), "t").keySet());
        String shortened = columns.stream().filter(c -> c.startsWith("a_very_long")).findFirst().orElseThrow();
        assertThat(shortened).hasSize(63).isNotEqualTo(longKey.substring(0, 63));
        assertThat(query("SELECT \"" + shortened + "\" AS v FROM \"" + p.datasetName() + "\".t").get(0).get("v"))
                .isEqualTo("v");
    }

    @Test
    void jobsLoadInParallelOnAtMostWorkersConnections() {
        // the server refuses a fourth connection of this role, so a pool that opened more would fail
        // a run killed before its cleanup leaves the role with a grant on the database, which DROP ROLE refuses
        execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dlt4j_limited') THEN"
                + " EXECUTE 'DROP OWNED BY dlt4j_limited'; END IF; END $$");
        execute("DROP ROLE IF EXISTS dlt4j_limited");
        execute("CREATE ROLE dlt4j_limited LOGIN CONNECTION LIMIT 3");
        execute("GRANT CREATE ON DATABASE test TO dlt4j_limited");
        Pipeline p = pipeline("parallel", "postgresql://dlt4j_limited@127.0.0.1:5432/test")
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withFileMaxItems(100))
                .load(new LoadConfig(3, false, true)).build();
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                rows.add(row("id", i, "name", "n" + i));
            }
            LoadInfo info = p.run(Resource.of("many", rows));

            assertThat(info.rows("many")).isEqualTo(3000);
            assertThat(query("SELECT count(*) AS n, count(DISTINCT id) AS d FROM \"" + p.datasetName() + "\".many"))
                    .containsExactly(Map.of("n", 3000L, "d", 3000L));
        } finally {
            dropSchema(p.datasetName());
            execute("DROP OWNED BY dlt4j_limited");
            execute("REVOKE CREATE ON DATABASE test FROM dlt4j_limited");
            execute("DROP ROLE dlt4j_limited");
        }
    }

    @Test
    void thePasswordIsNeverShownInLoadInfoOrErrors() {
        String secret = "s3cr3t-pa55";
        String uri = "postgresql://postgres:" + secret + "@127.0.0.1:5432/test";
        Pipeline p = pipeline("masked", uri).build();
        LoadInfo info = p.run(Resource.of("t", List.of(row("id", 1))));
        assertThat(info.toString()).doesNotContain(secret).contains("postgresql://postgres:***@127.0.0.1:5432/test");
        assertThat(p.toString()).doesNotContain(secret);
        assertThat(Destination.named(uri).displayLocation()).doesNotContain(secret);

        Pipeline bad = pipeline("masked_bad", "postgresql://postgres:" + secret + "@127.0.0.1:5432/no_such_db_x")
                .build();
        assertThatThrownBy(() -> bad.run(Resource.of("t", List.of(row("id", 1)))))
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(secret));
    }

    @Test
    void anUnknownDatabaseFailsNamingHostPortDatabaseAndUserAndThePackageStaysPending() {
        // without the restore from the destination, which would fail the same way before extract
        Pipeline p = pipeline("nodb", "postgresql://postgres@127.0.0.1:5432/no_such_db_dlt4j")
                .restoreFromDestination(false).build();
        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(row("id", 1)))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("database no_such_db_dlt4j does not exist")
                .hasMessageContaining("host 127.0.0.1, port 5432, database no_such_db_dlt4j, user postgres");
        assertThat(new PipelineStorage(p.workingDir()).normalizedPackages()).hasSize(1);
    }

    @Test
    void anUnreachablePortFailsNamingTheServerAndItsPendingPackageStaysBoundToThatServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, and nothing listens once it is closed
        }
        String dataset = uniqueDataset("down");
        datasets.add(dataset);
        Pipeline down = Pipeline.builder("down").destination("postgresql://postgres@127.0.0.1:" + port
                + "/test?connect_timeout=5").dataset(dataset).pipelinesDir(tmp.resolve("pipelines"))
                .restoreFromDestination(false).build(); // the restore would fail the same way, before extract
        assertThatThrownBy(() -> down.run(Resource.of("t", List.of(row("id", 1)))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("cannot connect to PostgreSQL (host 127.0.0.1, port " + port
                        + ", database test, user postgres)")
                .hasMessageContaining("Is the server running");
        assertThat(new PipelineStorage(down.workingDir()).normalizedPackages()).hasSize(1);

        // another server is another destination: the package waits for its own (or an explicit drop)
        Pipeline elsewhere = Pipeline.builder("down").destination(URI).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines")).build();
        assertThatThrownBy(elsewhere::load).hasMessageContaining("was made for destination postgres"
                + " postgresql://127.0.0.1:" + port + "/test, dataset " + dataset)
                .hasMessageContaining("drop-pending-packages");
        assertThat(new PipelineStorage(down.workingDir()).normalizedPackages()).hasSize(1);
    }

    @Test
    void anUnknownUserIsRefusedWithAMessageNamingTheServer() {
        Pipeline p = pipeline("nouser", "postgresql://no_such_user_dlt4j:pw@127.0.0.1:5432/test").build();
        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(row("id", 1)))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("PostgreSQL refused the login (host 127.0.0.1, port 5432, database test,"
                        + " user no_such_user_dlt4j)");
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessageNamingTheServer() {
        // Created if missing and never dropped: dlt4j-source-sql's tests use the same role (the one .ci/run
        // makes the server check passwords for), and two checkouts' suites may share one server.
        execute("DO $$BEGIN CREATE ROLE dlt4j_pw_user LOGIN PASSWORD 'right'; EXCEPTION WHEN duplicate_object"
                + " OR unique_violation THEN NULL; END$$");
        String uri = "postgresql://dlt4j_pw_user:wrong@127.0.0.1:5432/test";
        boolean serverChecksPasswords;
        try (Connection c = PostgresClient.connect(PostgresCredentials.parse(uri))) {
            serverChecksPasswords = false;
        } catch (RuntimeException | java.sql.SQLException e) {
            serverChecksPasswords = true;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(serverChecksPasswords,
                "the server trusts 127.0.0.1 (pg_hba trust): no password is checked, so none can be wrong");
        Pipeline p = pipeline("wrongpw", uri).build();
        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(row("id", 1)))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("PostgreSQL refused the login (host 127.0.0.1, port 5432, database test,"
                        + " user dlt4j_pw_user)")
                .satisfies(e -> assertThat(fullText(e)).doesNotContain("wrong@"));
    }

    @Test
    void aUserWithoutRightsFailsNamingTheServerAndThePrivilege() {
        execute("DROP ROLE IF EXISTS dlt4j_no_rights");
        execute("CREATE ROLE dlt4j_no_rights LOGIN");
        try {
            Pipeline p = pipeline("norights", "postgresql://dlt4j_no_rights@127.0.0.1:5432/test").build();
            assertThatThrownBy(() -> p.run(Resource.of("t", List.of(row("id", 1)))))
                    .isInstanceOf(PipelineException.class)
                    .hasMessageContaining("cannot create schema")
                    .hasMessageContaining("host 127.0.0.1, port 5432, database test, user dlt4j_no_rights")
                    .hasMessageContaining("permission denied")
                    .hasMessageContaining("GRANT CREATE ON DATABASE \"test\" TO \"dlt4j_no_rights\"");
        } finally {
            execute("DROP ROLE IF EXISTS dlt4j_no_rights");
        }
    }

    @Test
    void aLockedTableFailsAfterLockTimeoutWithAClearMessageAndThePackageStaysPending() throws Exception {
        String uri = URI + "?lock_timeout=200ms";
        Pipeline p = pipeline("locked", uri).build();
        p.run(Resource.of("t", List.of(row("id", 1))));
        try (Connection holder = connection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE \"" + p.datasetName() + "\".t IN ACCESS EXCLUSIVE MODE");
            }
            assertThatThrownBy(() -> p.run(Resource.of("t", List.of(row("id", 2)))))
                    .isInstanceOf(PipelineException.class)
                    .hasMessageContaining("could not lock the table: another session holds a lock on it")
                    .hasMessageContaining("lock_timeout 200ms");
            holder.rollback();
        }
        PipelineStorage storage = new PipelineStorage(p.workingDir());
        assertThat(storage.normalizedPackages()).hasSize(1);

        p.load();
        assertThat(storage.normalizedPackages()).isEmpty();
        assertThat(query("SELECT id FROM \"" + p.datasetName() + "\".t ORDER BY id"))
                .containsExactly(Map.of("id", 1L), Map.of("id", 2L));
    }

    @Test
    void withoutLockTimeoutTheLoadWaitsForTheLockAndThenLoads() throws Exception {
        Pipeline p = pipeline("waits", URI).build();
        p.run(Resource.of("t", List.of(row("id", 1))));
        CompletableFuture<LoadInfo> run;
        try (Connection holder = connection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE \"" + p.datasetName() + "\".t IN ACCESS EXCLUSIVE MODE");
            }
            run = CompletableFuture.supplyAsync(() -> p.run(Resource.of("t", List.of(row("id", 2)))));
            // the COPY is waiting for the lock: PostgreSQL shows a session of ours blocked on it
            while (query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'dlt4j'"
                    + " AND wait_event_type = 'Lock' AND query LIKE 'COPY%'").get(0).get("n").equals(0L)) {
                assertThat(run).isNotDone();
                Thread.sleep(20);
            }
            assertThat(run).isNotDone();
            holder.rollback();
        }
        assertThat(run.get(60, TimeUnit.SECONDS).loadIds()).hasSize(1);
        assertThat(query("SELECT count(*) AS n FROM \"" + p.datasetName() + "\".t")).containsExactly(Map.of("n", 2L));
    }

    @Test
    void eachJobIsRecordedWithItsRowsSoAResumedPackageSkipsIt() {
        Pipeline p = pipeline("jobs", URI).build();
        LoadInfo info = p.run(Resource.of("t", List.of(row("id", 1, "tags", List.of("a", "b")))));
        String loadId = info.loadIds().get(0);
        var storage = new PipelineStorage(p.workingDir());
        var pkg = storage.loadedPackages().stream().filter(k -> k.loadId().equals(loadId)).findFirst().orElseThrow();
        java.util.Set<String> expected = new java.util.HashSet<>();
        pkg.jobs(dev.dlt4j.storage.JobState.COMPLETED).forEach(j -> expected.add(j.jobId()));

        try (var client = (PostgresClient) PostgresDestination.fromUri(URI).open(new dev.dlt4j.spi
                .DestinationContext("jobs", p.datasetName(), tmp, tmp))) {
            assertThat(client.completedJobs(loadId)).isEqualTo(expected).hasSize(2);
            assertThat(client.completedJobs("0.1")).isEmpty();
        }
    }

    @Test
    void statementsAndTheirJobMarkerCommitTogetherOrNotAtAll() {
        String dataset = uniqueDataset("tx");
        datasets.add(dataset);
        datasets.add(PostgresClient.stagingName(dataset));
        try (var client = (PostgresClient) PostgresDestination.fromUri(URI)
                .open(new dev.dlt4j.spi.DestinationContext("tx", dataset, tmp, tmp));
                var staging = client.staging()) {
            client.initializeStorage();
            staging.initializeStorage();
            assertThat(query("SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = '" + dataset
                    + "_staging'")).containsExactly(Map.of("n", 1L));
            execute("CREATE TABLE \"" + dataset + "_staging\".s (id bigint)");
            execute("INSERT INTO \"" + dataset + "_staging\".s VALUES (1), (2)");
            execute("CREATE TABLE \"" + dataset + "\".s (id bigint)");
            String copy = "INSERT INTO \"" + dataset + "\".s SELECT id FROM \"" + dataset + "_staging\".s";

            assertThatThrownBy(() -> client.runInTransaction("1.5", "s.merge", "s", List.of(copy, "SELECT 1/0")))
                    .hasMessageContaining("job s.merge of load 1.5 in dataset " + dataset + " failed");
            assertThat(client.completedJobs("1.5")).isEmpty();
            assertThat(query("SELECT count(*) AS n FROM \"" + dataset + "\".s")).containsExactly(Map.of("n", 0L));

            client.runInTransaction("1.5", "s.merge", "s", List.of(copy));
            assertThat(client.completedJobs("1.5")).containsExactly("s.merge");
            assertThat(query("SELECT count(*) AS n FROM \"" + dataset + "\".s")).containsExactly(Map.of("n", 2L));
        }
    }

    @Test
    void percentEncodedCredentialsAreDecodedAndThePasswordMasked() {
        PostgresCredentials c = PostgresCredentials.parse("postgresql://lo%40der:p%40ss%3Aw%2Fd@db:5433/my%20db");
        assertThat(c.username()).isEqualTo("lo@der");
        assertThat(c.password()).contains("p@ss:w/d");
        assertThat(c.database()).isEqualTo("my db");
        assertThat(c.display()).isEqualTo("postgresql://lo@der:***@db:5433/my db").doesNotContain("p@ss");
        assertThat(c.toString()).doesNotContain("p@ss");
    }

    @Test
    void badUrisAreRejectedNamingWhatIsWrong() {
        assertThatThrownBy(() -> Destination.named("postgresql://user:pw@host:5432/"))
                .hasMessageContaining("names no database").hasMessageNotContaining(":pw@");
        assertThatThrownBy(() -> Destination.named("postgresql://host:5432/db"))
                .hasMessageContaining("names no user");
        assertThatThrownBy(() -> Destination.named("postgresql://u@host/db?lock_timeout=soon"))
                .hasMessageContaining("lock_timeout='soon' is not a duration");
        assertThatThrownBy(() -> Destination.named("postgresql://u@host/db?colour=red"))
                .hasMessageContaining("unknown parameter 'colour'; allowed: connect_timeout, lock_timeout and the PostgreSQL JDBC driver's connection properties");
    }

    /** A pipeline to the bare name {@code postgres}, whose config is only what the test gives it. */
    private Pipeline.Builder configured(String name, Map<String, String> env, Path project) {
        return pipeline(name, "postgres").environment(env).projectDir(project);
    }

    private long loadOneRow(Pipeline p) {
        p.run(Resource.of("t", List.of(row("id", 1))));
        return (Long) query("SELECT count(*) AS n FROM \"" + p.datasetName() + "\".t").get(0).get("n");
    }

    @Test
    void theBareNameLoadsWithCredentialsFromThePipelinesEnvironment() {
        assertThat(System.getenv(PostgresDestinationFactory.ENV)).as("the process environment holds none").isNull();
        // trust authentication accepts any password: it must reach the driver, never the output
        Pipeline p = configured("pgenv", Map.of(PostgresDestinationFactory.ENV, URI,
                PostgresDestinationFactory.ENV + "__PASSWORD", "s3cret"), tmp).build();
        assertThat(loadOneRow(p)).isEqualTo(1);
        assertThat(p.toString()).contains("postgresql://" + CREDENTIALS.username() + ":***@"
                + CREDENTIALS.host() + ":" + CREDENTIALS.port() + "/" + CREDENTIALS.database()).doesNotContain("s3cret");
    }

    @Test
    void theBareNameLoadsWithCredentialsFromTheProjectDirsSecretsToml() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve(".dlt"));
        java.nio.file.Files.writeString(tmp.resolve(".dlt/secrets.toml"), "[destination.postgres.credentials]\n"
                + "database = \"" + CREDENTIALS.database() + "\"\nusername = \"" + CREDENTIALS.username() + "\"\n"
                + "password = \"s3cret\"\nhost = \"" + CREDENTIALS.host() + "\"\nport = " + CREDENTIALS.port() + "\n");
        Pipeline p = configured("pgtoml", Map.of(), tmp).build();
        assertThat(loadOneRow(p)).isEqualTo(1);
        assertThat(p.toString()).doesNotContain("s3cret");
    }

    @Test
    void thePipelinesEnvironmentWinsOverItsSecretsToml() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve(".dlt"));
        java.nio.file.Files.writeString(tmp.resolve(".dlt/secrets.toml"), "[destination.postgres]\ncredentials = \""
                + URI.replaceFirst(":" + CREDENTIALS.port() + "/", ":1/") + "\"\n");
        Pipeline p = configured("pgwins", Map.of(PostgresDestinationFactory.ENV + "__PORT",
                String.valueOf(CREDENTIALS.port())), tmp).build();
        assertThat(loadOneRow(p)).isEqualTo(1);
    }

    @Test
    void missingCredentialsFailWhenThePipelineIsBuiltNamingWhereToSetThem() {
        assertThatThrownBy(() -> configured("pgnone", Map.of(), tmp).build())
                .hasMessageContaining("PostgreSQL credentials are missing: set DESTINATION__POSTGRES__CREDENTIALS=")
                .hasMessageContaining("[destination.postgres.credentials] in .dlt/secrets.toml");
    }

    private static String fullText(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
