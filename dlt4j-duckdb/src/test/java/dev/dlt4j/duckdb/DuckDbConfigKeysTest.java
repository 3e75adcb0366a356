package dev.dlt4j.duckdb;

import dev.dlt4j.testing.PipelineConfigs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.config.ConfigException;
import dev.dlt4j.config.ConfigKeys;
import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.config.ConfigSetting;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [destination.duckdb]}: keys the DuckDB module declares, found by the config through ServiceLoader. */
class DuckDbConfigKeysTest {
    @TempDir
    Path tmp;

    private ConfigResolver config(String toml, Map<String, String> env) throws IOException {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.deleteIfExists(tmp.resolve(".dlt/config.toml"));
        if (toml != null) {
            Files.writeString(tmp.resolve(".dlt/config.toml"), toml);
        }
        return ConfigResolver.of(tmp, env);
    }

    private String configFile() {
        return tmp.resolve(".dlt/config.toml").toAbsolutePath().normalize().toString();
    }

    private DestinationContext context(ConfigResolver config) {
        return new DestinationContext("p", "p_data", tmp.resolve("work"), tmp, config);
    }

    private Pipeline.Builder pipeline(String name) {
        return Pipeline.builder(name).destination("duckdb").dataset(name + "_data").localDir(tmp).projectDir(tmp)
                .pipelinesDir(tmp.resolve("pipelines")).environment(Map.of());
    }

    /** A DuckDB setting as the client's database sees it, read on a second connection while the client is open. */
    private static String setting(Path db, String name) {
        // the same configuration as the client's connection, so that DuckDB shares its database instance
        java.util.Properties props = new java.util.Properties();
        props.setProperty("storage_compatibility_version", "v1.4.0");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), props)) {
            return String.valueOf(DuckDbTesting.query(c, "SELECT current_setting('" + name + "') AS v").get(0)
                    .get("v"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theModulesKeysAreDeclaredWithTheirDefaults() {
        assertThat(ConfigKeys.all()).contains(DuckDbConfigKeys.CREDENTIALS, DuckDbConfigKeys.MEMORY_LIMIT,
                DuckDbConfigKeys.THREADS, DuckDbConfigKeys.STORAGE_VERSION);
        assertThat(ConfigKeys.module(DuckDbConfigKeys.THREADS)).isEqualTo("duckdb");
        assertThat(DuckDbConfigKeys.CREDENTIALS.defaultValue()).isEmpty();
        assertThat(DuckDbConfigKeys.MEMORY_LIMIT.defaultValue()).isEmpty();
        assertThat(DuckDbConfigKeys.THREADS.defaultValue()).isEmpty();
        assertThat(DuckDbConfigKeys.STORAGE_VERSION.defaultValue()).contains("v1.4.0");
        assertThat(DuckDbConfigKeys.MEMORY_LIMIT.defaultText()).isEqualTo("unset");
    }

    @Test
    void storageVersionIsLookedUpWithThePipelinePrefixFirstAndValidatedUpFront() throws IOException {
        assertThat(config(null, Map.of()).destination("p", DuckDbConfigKeys.STORAGE_VERSION).value())
                .isEqualTo("v1.4.0");
        assertThat(config("[destination.duckdb]\nstorage_version = \"latest\"\n[p.destination.duckdb]\n"
                + "storage_version = \"v1.1.0\"\n", Map.of()).destination("p", DuckDbConfigKeys.STORAGE_VERSION)
                .value()).isEqualTo("v1.1.0");
        assertThat(config(null, Map.of("DESTINATION__DUCKDB__STORAGE_VERSION", "Latest"))
                .destination("q", DuckDbConfigKeys.STORAGE_VERSION).value()).isEqualTo("latest");
        assertThatThrownBy(() -> config("[destination.duckdb]\nstorage_version = \"newest\"\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Config key 'storage_version' has invalid value \"newest\"")
                .hasMessageContaining("allowed: \"latest\" or a DuckDB version such as \"v1.4.0\"");
    }

    @Test
    void memoryLimitAndThreadsFromConfigAreSetOnTheConnection() throws IOException {
        ConfigResolver config = config("[destination.duckdb]\nmemory_limit = \"300MB\"\nthreads = 2\n", Map.of());
        try (DestinationClient client = Destination.named("duckdb").open(context(config))) {
            Path db = tmp.resolve("p.duckdb");
            assertThat(setting(db, "threads")).isEqualTo("2");
            assertThat(setting(db, "memory_limit")).isEqualTo("286.1 MiB"); // 300 MB as DuckDB prints it
        }
    }

    @Test
    void withoutAMemoryLimitDuckDbGetsHalfTheJvmsMaximumHeap() throws IOException {
        assertThat(DuckDbSettings.defaultMemoryLimit(512L << 20)).isEqualTo("256MB");
        assertThat(DuckDbSettings.defaultMemoryLimit(100L << 20)).isEqualTo("128MB"); // at least 128 MB
        try (DestinationClient client = Destination.named("duckdb").open(context(config(null, Map.of())))) {
            String expected = DuckDbSettings.defaultMemoryLimit(Runtime.getRuntime().maxMemory());
            long mb = Long.parseLong(expected.replace("MB", ""));
            // DuckDB prints the limit in MiB or GiB: compare in bytes, to a tenth of a unit
            String shown = setting(tmp.resolve("p.duckdb"), "memory_limit");
            double bytes = Double.parseDouble(shown.split(" ")[0]) * (shown.endsWith("GiB") ? 1L << 30 : 1L << 20);
            assertThat(bytes).isCloseTo(mb * 1e6, org.assertj.core.data.Offset.offset(0.1 * (1L << 30)));
        }
    }

    @Test
    void warmUpLoadsTheNativeLibraryOnOneDaemonThreadAndTheLoadStillWorks() throws Exception {
        Destination duck = Destination.named("duckdb:w.duckdb");
        duck.warmUp();
        duck.warmUp(); // once per JVM
        Thread warm = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("dlt4j-duckdb-warm-up")).findFirst().orElse(null);
        if (warm != null) { // null: another test of this JVM warmed up first and its thread has ended
            assertThat(warm.isDaemon()).isTrue();
            warm.join(30_000);
        }
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("dlt4j-duckdb-warm-up") && t.isAlive())).isEmpty();
        Pipeline p = pipeline("warm").destination(duck).build();
        p.run(Resource.of("t", List.of(Map.of("id", 1))));
        assertThat(DuckDbTesting.count(tmp.resolve("w.duckdb"), "warm_data.t")).isEqualTo(1);
    }

    @Test
    void memoryLimitAndThreadsInTheUriWinOverConfig() throws IOException {
        ConfigResolver config = config(null, Map.of("DESTINATION__DUCKDB__THREADS", "3",
                "DESTINATION__DUCKDB__MEMORY_LIMIT", "1GB"));
        try (DestinationClient client = Destination.named("duckdb:u.duckdb?threads=1&memory_limit=500MB")
                .open(context(config))) {
            Path db = tmp.resolve("u.duckdb");
            assertThat(setting(db, "threads")).isEqualTo("1");
            assertThat(setting(db, "memory_limit")).isEqualTo("476.8 MiB");
        }
    }

    @Test
    void credentialsNameTheDatabaseFileAsInDlt() throws IOException {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.writeString(tmp.resolve(".dlt/config.toml"), "[destination.duckdb]\ncredentials = \"data/shop.duckdb\"\n");
        Pipeline p = pipeline("shop").build();
        p.run(Resource.of("orders", List.of(Map.of("id", 1), Map.of("id", 2))));
        Path db = tmp.resolve("data/shop.duckdb");
        assertThat(DuckDbTesting.count(db, "shop_data.orders")).isEqualTo(2);
        assertThat(tmp.resolve("shop.duckdb")).doesNotExist();
        // a path in the URI wins
        assertThat(((DuckDbDestination) Destination.named("duckdb:other.duckdb"))
                .databaseFile(context(PipelineConfigs.resolver(p)))).isEqualTo(tmp.resolve("other.duckdb").toAbsolutePath());
    }

    @Test
    void aBadValueFailsWhenThePipelineIsBuiltNamingKeyValueAndAllowed() throws IOException {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.writeString(tmp.resolve(".dlt/config.toml"), "[destination.duckdb]\nthreads = 0\n");
        assertThatThrownBy(() -> pipeline("bad").build()).isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'threads' has invalid value 0, set in " + configFile()
                        + " section [destination.duckdb]; allowed: an integer of at least 1.");
        assertThatThrownBy(() -> pipeline("bad").environment(Map.of("DESTINATION__DUCKDB__MEMORY_LIMIT", "lots"))
                .build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Config key 'memory_limit' has invalid value lots, set in environment variable"
                        + " DESTINATION__DUCKDB__MEMORY_LIMIT; allowed: a size such as \"256MB\"");
        assertThatThrownBy(() -> DuckDbDestination.at(tmp.resolve("x.duckdb")).withThreads(0))
                .hasMessage("DuckDB threads '0' is not valid; allowed: an integer of at least 1");
    }

    @Test
    void aTypoInTheDuckDbSectionGetsADidYouMean() throws IOException {
        assertThat(config("[destination.duckdb]\nmemory_limt = \"1GB\"\n", Map.of()).warnings()).singleElement()
                .asString().isEqualTo("Unknown config key 'memory_limt' in " + configFile() + " section"
                        + " [destination.duckdb], it has no effect; did you mean 'memory_limit'? Keys of"
                        + " [destination.duckdb]: credentials, memory_limit, threads, storage_version.");
    }

    @Test
    void configShowListsTheKeysWithValueDefaultAndOrigin() throws IOException {
        List<ConfigSetting> shown = config("[destination.duckdb]\nthreads = 2\n",
                Map.of("P__DESTINATION__DUCKDB__MEMORY_LIMIT", "1GB")).show("p", Optional.empty(), Optional.empty());
        ConfigSetting threads = shown.stream().filter(s -> s.declaration() == DuckDbConfigKeys.THREADS).findFirst()
                .orElseThrow();
        assertThat(List.of(threads.scope(), threads.value(), threads.defaultValue(), threads.module(),
                threads.origin().describe())).containsExactly("destination.duckdb", "2", "unset", "duckdb",
                        configFile() + " section [destination.duckdb]");
        ConfigSetting memory = shown.stream().filter(s -> s.declaration() == DuckDbConfigKeys.MEMORY_LIMIT)
                .findFirst().orElseThrow();
        assertThat(memory.value()).isEqualTo("1GB");
        assertThat(memory.origin().describe()).isEqualTo("environment variable P__DESTINATION__DUCKDB__MEMORY_LIMIT");
    }
}
