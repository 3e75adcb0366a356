package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.spi.Destination;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * pgjdbc connection properties through the URI's query string (and so through
 * {@code [destination.postgres] credentials}), the error for a property the driver does not know,
 * and a user's {@code DataSource}; against the real server.
 */
class PostgresDriverPropertiesTest {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @TempDir
    Path tmp;

    /** What the server says about this session: its application name and whether it is encrypted. */
    private static Map<String, Object> session(Pipeline p) {
        return p.dataset().query("SELECT a.application_name, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s"
                + " USING (pid) WHERE a.pid = pg_backend_pid()").fetchAll().get(0);
    }

    @Test
    void sslmodeAndApplicationNamePassThroughTheUri() {
        String dataset = datasets.dataset("cli_props");
        Pipeline p = Pipeline.builder("props").destination(PostgresTesting.URI
                + "?sslmode=disable&ApplicationName=cli_props_test&connect_timeout=5").dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines")).build();
        p.run(Resource.of("t", List.of(Map.of("id", 1))));

        assertThat(session(p)).containsEntry("application_name", "cli_props_test").containsEntry("ssl", false);
    }

    @Test
    void aPropertyReachesTheDriverSoRequireFailsOnAServerWithoutTls() {
        String dataset = datasets.dataset("cli_props");
        String ssl = String.valueOf(PostgresTesting.query("SHOW ssl").get(0).get("ssl"));
        org.junit.jupiter.api.Assumptions.assumeTrue(ssl.equals("off"), "the server has TLS on");
        Pipeline p = Pipeline.builder("props").destination(PostgresTesting.URI + "?sslmode=require").dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines")).build();

        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(Map.of("id", 1)))))
                .isInstanceOf(PipelineException.class).hasMessageContaining("The server does not support SSL");
    }

    @Test
    void anUnknownPropertyIsRefusedNamingItWithADidYouMean() {
        assertThatThrownBy(() -> Destination.named("postgresql://loader:s3cret@db:5432/shop?sslmod=disable"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PostgreSQL URI 'postgresql://loader:***@db:5432/shop?sslmod=disable' has unknown parameter"
                        + " 'sslmod' (did you mean 'sslmode'?); allowed: connect_timeout, lock_timeout and the"
                        + " PostgreSQL JDBC driver's connection properties, such as sslmode, sslrootcert,"
                        + " ApplicationName, socketTimeout, options"
                        + " (https://jdbc.postgresql.org/documentation/use/#connection-parameters)");
        assertThatThrownBy(() -> Destination.named("postgresql://loader@db/shop?applicationname=x"))
                .hasMessageContaining("unknown parameter 'applicationname' (did you mean 'ApplicationName'?)");
        assertThatThrownBy(() -> Destination.named("postgresql://loader@db/shop?password=s3cret"))
                .hasMessage("PostgreSQL URI 'postgresql://loader@db/shop?password=s3cret': 'password' belongs in the"
                        + " user part (postgresql://user:password@host/db), not in the query string");
    }

    @Test
    void theConfigsCredentialsUriPassesPropertiesToo() {
        String dataset = datasets.dataset("cli_props");
        Pipeline p = Pipeline.builder("props").destination("postgres").dataset(dataset)
                .environment(Map.of("DESTINATION__POSTGRES__CREDENTIALS", PostgresTesting.URI
                        + "?ApplicationName=from_config")).projectDir(tmp).pipelinesDir(tmp.resolve("pipelines"))
                .build();
        p.run(Resource.of("t", List.of(Map.of("id", 1))));

        assertThat(session(p)).containsEntry("application_name", "from_config");
    }

    @Test
    void aUsersDataSourceGivesEveryConnection() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {5432});
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setApplicationName("cli_datasource");
        PostgresDestination pg = PostgresDestination.using(ds);
        Pipeline p = Pipeline.builder("ds").destination(pg).dataset(datasets.dataset("cli_ds"))
                .pipelinesDir(tmp.resolve("pipelines")).build();

        p.run(Resource.of("t", List.of(Map.of("id", 1), Map.of("id", 2))));

        assertThat(p.destinationLocation()).isEqualTo("postgresql://postgres@127.0.0.1:5432/test");
        assertThat(p.dataset().rowCounts()).containsEntry("t", 2L);
        assertThat(session(p)).containsEntry("application_name", "cli_datasource");
    }
}
