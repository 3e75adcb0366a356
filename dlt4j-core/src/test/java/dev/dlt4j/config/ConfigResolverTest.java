package dev.dlt4j.config;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.PipelineConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.dlt4j.ReplaceStrategy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
    @TempDir
    Path project;

    private ConfigResolver resolver(String configToml, Map<String, String> env) throws IOException {
        return resolver(configToml, null, env);
    }

    private ConfigResolver resolver(String configToml, String secretsToml, Map<String, String> env) throws IOException {
        Files.createDirectories(project.resolve(".dlt"));
        Files.deleteIfExists(project.resolve(".dlt/config.toml"));
        Files.deleteIfExists(project.resolve(".dlt/secrets.toml"));
        if (configToml != null) {
            Files.writeString(project.resolve(".dlt/config.toml"), configToml);
        }
        if (secretsToml != null) {
            Files.writeString(project.resolve(".dlt/secrets.toml"), secretsToml);
        }
        return ConfigResolver.of(project, env);
    }

    private String configFile() {
        return project.resolve(".dlt/config.toml").toAbsolutePath().normalize().toString();
    }

    // ---- defaults

    @Test
    void withoutFilesOrEnvironmentEveryKeyHasItsDefault() throws IOException {
        ConfigResolver r = resolver(null, Map.of());
        assertThat(r.extractDataWriter("p", "s").value()).isEqualTo(DataWriterConfig.DEFAULTS);
        assertThat(r.normalizeDataWriter("p").value()).isEqualTo(DataWriterConfig.DEFAULTS);
        assertThat(r.extract("p", "s").value()).isEqualTo(ExtractConfig.DEFAULTS);
        assertThat(r.extract("p", "s", "res").value()).isEqualTo(ExtractConfig.DEFAULTS);
        assertThat(r.normalize("p").value()).isEqualTo(NormalizeConfig.DEFAULTS);
        assertThat(r.load("p").value()).isEqualTo(LoadConfig.DEFAULTS);
        assertThat(r.pipeline("p").value()).isEqualTo(PipelineConfig.DEFAULTS);
        assertThat(r.show("p", Optional.empty(), Optional.empty()))
                .allSatisfy(s -> assertThat(s.origin().provider()).isEqualTo(ConfigOrigin.DEFAULT));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(ConfigKey.BUFFER_MAX_ITEMS.defaultValue()).contains(5000);
        assertThat(ConfigKey.BUFFER_MAX_ITEMS.alias()).contains("max_buffer_items");
        assertThat(ConfigKey.FILE_MAX_ITEMS.defaultText()).isEqualTo("unset");
        assertThat(ConfigKey.FILE_MAX_BYTES.defaultText()).isEqualTo("unset");
        assertThat(ConfigKey.DISABLE_COMPRESSION.defaultValue()).contains(false);
        assertThat(ConfigKey.MAX_PARALLEL_ITEMS.defaultValue()).contains(20);
        assertThat(ConfigKey.EXTRACT_WORKERS.defaultValue()).contains(5);
        assertThat(ConfigKey.NEXT_ITEM_MODE.defaultValue()).contains(NextItemMode.FIFO);
        assertThat(ConfigKey.INCREMENTAL_MAX_BOUNDARY_HASHES.defaultValue()).contains(10_000);
        assertThat(ConfigKey.NORMALIZE_WORKERS.defaultValue()).contains(1);
        assertThat(ConfigKey.LOADER_FILE_FORMAT.defaultText()).isEqualTo("unset");
        assertThat(ConfigKey.LOAD_WORKERS.defaultValue()).contains(20);
        assertThat(ConfigKey.DELETE_COMPLETED_JOBS.defaultValue()).contains(false);
        assertThat(ConfigKey.RAISE_ON_FAILED_JOBS.defaultValue()).contains(true);
        assertThat(ConfigKey.ATOMIC_PACKAGES.defaultValue()).contains(true);
        assertThat(ConfigKey.RETRY_ATTEMPTS.defaultValue()).contains(5);
        assertThat(ConfigKey.RETRY_BACKOFF.defaultValue()).contains(Duration.ofMillis(50));
        assertThat(ConfigKey.RETRY_BACKOFF.defaultText()).isEqualTo("50ms");
        assertThat(ConfigKey.REPLACE_STRATEGY.defaultValue()).contains(ReplaceStrategy.TRUNCATE_AND_INSERT);
        assertThat(ConfigKey.PROGRESS.defaultValue()).contains("none");
        assertThat(ConfigKey.PIPELINES_DIR.defaultText()).isEqualTo("unset");
        assertThat(ConfigKey.LOG_LEVEL.defaultValue()).contains("WARNING");
    }

    @Test
    void theRecordsDefaultsAreTheKeysDefaults() {
        assertThat(LoadConfig.DEFAULTS).isEqualTo(new LoadConfig(20, false, true, ReplaceStrategy.TRUNCATE_AND_INSERT,
                true, 5, Duration.ofMillis(50)));
        assertThat(DataWriterConfig.DEFAULTS).isEqualTo(new DataWriterConfig(5000, 0, 0, false));
        assertThat(ExtractConfig.DEFAULTS).isEqualTo(new ExtractConfig(5, 20, NextItemMode.FIFO));
        assertThat(NormalizeConfig.DEFAULTS).isEqualTo(new NormalizeConfig(1, Optional.empty()));
        assertThat(PipelineConfig.DEFAULTS).isEqualTo(new PipelineConfig("none", Optional.empty(), "WARNING"));
    }

    @Test
    void everyKeyOfCoreIsDeclaredThroughTheServiceLoaderWithADescription() {
        assertThat(ConfigKeys.all()).containsAll(ConfigKey.CORE);
        assertThat(ConfigKeys.all().subList(0, ConfigKey.CORE.size())).isEqualTo(ConfigKey.CORE);
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(k.description()).as(k.toString()).isNotBlank();
            assertThat(k.allowed()).as(k.toString()).isNotBlank();
        }
        assertThat(ConfigKeys.module(ConfigKey.RETRY_ATTEMPTS)).isEqualTo("core");
    }

    // ---- keys declared by another module (here the test tree's, registered in META-INF/services)

    @Test
    void aModulesKeyIsResolvedInItsSectionWithThePipelinePrefixFirst() throws IOException {
        assertThat(resolver(null, Map.of()).destination("p", TestModuleKeys.MODE).value()).isEqualTo("fast");
        assertThat(resolver("[destination.testdest]\nmode = \"safe\"\n[p.destination.testdest]\nmode = \"fast\"\n",
                Map.of()).destination("p", TestModuleKeys.MODE).origin("mode").section())
                .isEqualTo("[p.destination.testdest]");
        assertThat(resolver(null, Map.of("DESTINATION__TESTDEST__LIMIT", "7"))
                .destinationOptional("q", TestModuleKeys.LIMIT).value()).contains(7);
        assertThat(resolver(null, Map.of()).destinationOptional("q", TestModuleKeys.LIMIT).value()).isEmpty();
    }

    @Test
    void aModulesKeyIsReadOnlyInItsOwnSectionNotInDestinationOrTopLevel() throws IOException {
        ConfigResolver r = resolver("limit = 5\n[destination]\nlimit = 3\n", Map.of());
        assertThat(r.destinationOptional("p", TestModuleKeys.LIMIT).value()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().startsWith("Unknown config key 'limit' in " + configFile()
                + " section [destination], it has no effect");
    }

    @Test
    void aModulesKeyWithABadValueFailsWhenTheResolverIsBuilt() {
        assertThatThrownBy(() -> resolver("[destination.testdest]\nlimit = 0\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'limit' has invalid value 0, set in " + configFile()
                        + " section [destination.testdest]; allowed: an integer of at least 1.");
        assertThatThrownBy(() -> resolver(null, Map.of("P__DESTINATION__TESTDEST__MODE", "slow")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'mode' has invalid value slow, set in environment variable"
                        + " P__DESTINATION__TESTDEST__MODE; allowed: \"fast\" or \"safe\".");
    }

    @Test
    void aTypoInAModulesSectionGetsADidYouMean() throws IOException {
        assertThat(resolver("[destination.testdest]\nlimt = 3\n", Map.of()).warnings()).singleElement().asString()
                .isEqualTo("Unknown config key 'limt' in " + configFile() + " section [destination.testdest], it has"
                        + " no effect; did you mean 'limit'? Keys of [destination.testdest]: mode, limit, token.");
    }

    @Test
    void showListsAModulesKeysWithValueDefaultAndOrigin() throws IOException {
        List<ConfigSetting> shown = resolver("[destination.testdest]\nlimit = 3\n", Map.of())
                .show("p", Optional.empty(), Optional.empty());
        ConfigSetting limit = shown.stream().filter(s -> s.declaration() == TestModuleKeys.LIMIT).findFirst()
                .orElseThrow();
        assertThat(limit.scope()).isEqualTo("destination.testdest");
        assertThat(limit.value()).isEqualTo("3");
        assertThat(limit.defaultValue()).isEqualTo("unset");
        assertThat(limit.module()).isEqualTo("testmodule");
        assertThat(limit.origin().describe()).isEqualTo(configFile() + " section [destination.testdest]");
        ConfigSetting mode = shown.stream().filter(s -> s.declaration() == TestModuleKeys.MODE).findFirst()
                .orElseThrow();
        assertThat(mode.value()).isEqualTo("fast");
        assertThat(mode.origin().provider()).isEqualTo(ConfigOrigin.DEFAULT);
        assertThat(shown.stream().map(ConfigSetting::declaration)).containsAll(ConfigKeys.all());
    }

    @Test
    void aSecretKeysValueIsNeverPrinted() throws IOException {
        List<ConfigSetting> shown = resolver(null, "[destination.testdest]\ntoken = \"tok_hush\"\n", Map.of())
                .show("p", Optional.empty(), Optional.empty());
        assertThat(shown).filteredOn(s -> s.declaration() == TestModuleKeys.TOKEN).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo("***"));
        assertThat(shown).noneMatch(s -> s.value().contains("hush"));
        assertThatThrownBy(() -> resolver(null, "[destination.testdest]\ntoken = \"hush_hush\"\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has invalid value ***")
                .hasMessageNotContaining("hush");
        assertThatThrownBy(() -> TestModuleKeys.TOKEN.check("test", "hush_hush")).hasMessageNotContaining("hush");
    }

    @Test
    void retriesAreReadFromTheLoadSection() throws IOException {
        LoadConfig l = resolver("[load]\nretry_attempts = 2\nretry_backoff = \"1.5s\"\n", Map.of()).load("p").value();
        assertThat(l.retryAttempts()).isEqualTo(2);
        assertThat(l.retryBackoff()).isEqualTo(Duration.ofMillis(1500));
        assertThat(resolver(null, Map.of("LOAD__RETRY_BACKOFF", "0")).load("p").value().retryBackoff()).isZero();
        assertThat(resolver("[load]\nretry_backoff = 0.25\n", Map.of()).load("p").value().retryBackoff())
                .isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> resolver("[load]\nretry_attempts = 0\n", Map.of()))
                .hasMessageContaining("Config key 'retry_attempts' has invalid value 0")
                .hasMessageContaining("allowed: an integer of at least 1.");
        assertThatThrownBy(() -> resolver("[load]\nretry_backoff = \"soon\"\n", Map.of()))
                .hasMessageContaining("Config key 'retry_backoff' has invalid value \"soon\"")
                .hasMessageContaining("allowed: a duration of at least 0 such as \"50ms\"");
    }

    @Test
    void theBackoffDoublesUpToItsCap() {
        assertThat(LoadConfig.DEFAULTS.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(LoadConfig.DEFAULTS.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(LoadConfig.DEFAULTS.backoff(10)).isEqualTo(Duration.ofSeconds(2));
        assertThat(LoadConfig.DEFAULTS.withRetryBackoff(Duration.ZERO).backoff(4)).isZero();
        assertThat(LoadConfig.DEFAULTS.withRetryBackoff(Duration.ofSeconds(5)).backoff(4)).isEqualTo(Duration.ofSeconds(5));
    }

    // ---- one test per row of the table, through config.toml and through env

    @Test
    void dataWriterSectionAppliesToBothStages() throws IOException {
        ConfigResolver r = resolver("[data_writer]\nbuffer_max_items = 7\nfile_max_items = 70\n", Map.of());
        assertThat(r.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(7);
        assertThat(r.normalizeDataWriter("p").value().bufferMaxItems()).isEqualTo(7);
        assertThat(r.normalizeDataWriter("p").value().fileMaxItems()).isEqualTo(70);
        assertThat(r.extractDataWriter("p", "s").origin("buffer_max_items").describe())
                .isEqualTo(configFile() + " section [data_writer]");

        ConfigResolver e = resolver(null, Map.of("DATA_WRITER__BUFFER_MAX_ITEMS", "8"));
        assertThat(e.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(8);
        assertThat(e.normalizeDataWriter("p").value().bufferMaxItems()).isEqualTo(8);
        assertThat(e.normalizeDataWriter("p").origin("buffer_max_items").describe())
                .isEqualTo("environment variable DATA_WRITER__BUFFER_MAX_ITEMS");
    }

    @Test
    void sourcesDataWriterAppliesToExtractOnly() throws IOException {
        ConfigResolver r = resolver("[sources.data_writer]\nbuffer_max_items = 7\n"
                + "[sources.github.data_writer]\ndisable_compression = true\n", Map.of());
        assertThat(r.extractDataWriter("p", "github").value()).isEqualTo(DataWriterConfig.DEFAULTS
                .withBufferMaxItems(7).withDisableCompression(true));
        assertThat(r.extractDataWriter("p", "other").value()).isEqualTo(DataWriterConfig.DEFAULTS
                .withBufferMaxItems(7));
        assertThat(r.normalizeDataWriter("p").value()).isEqualTo(DataWriterConfig.DEFAULTS);

        ConfigResolver e = resolver(null, Map.of("SOURCES__DATA_WRITER__BUFFER_MAX_ITEMS", "9",
                "SOURCES__GITHUB__DATA_WRITER__FILE_MAX_BYTES", "1MB"));
        assertThat(e.extractDataWriter("p", "github").value()).isEqualTo(DataWriterConfig.DEFAULTS
                .withBufferMaxItems(9).withFileMaxBytes(1_000_000));
        assertThat(e.normalizeDataWriter("p").value()).isEqualTo(DataWriterConfig.DEFAULTS);
    }

    @Test
    void normalizeDataWriterAppliesToNormalizeOnly() throws IOException {
        ConfigResolver r = resolver("[normalize.data_writer]\ndisable_compression = true\nfile_max_bytes = \"2KiB\"\n",
                Map.of());
        assertThat(r.normalizeDataWriter("p").value()).isEqualTo(DataWriterConfig.DEFAULTS
                .withDisableCompression(true).withFileMaxBytes(2048));
        assertThat(r.extractDataWriter("p", "s").value()).isEqualTo(DataWriterConfig.DEFAULTS);

        ConfigResolver e = resolver(null, Map.of("NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION", "true"));
        assertThat(e.normalizeDataWriter("p").value().disableCompression()).isTrue();
        assertThat(e.extractDataWriter("p", "s").value().disableCompression()).isFalse();
    }

    @Test
    void extractDataWriterSectionIsNotConsulted() throws IOException {
        // as in dlt: the per-source context replaces "extract" for the writers
        ConfigResolver r = resolver("[extract.data_writer]\nbuffer_max_items = 7\n", Map.of());
        assertThat(r.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(5000);
    }

    @Test
    void extractKnobsComeFromEveryExtractSection() throws IOException {
        ConfigResolver r = resolver("""
                [extract]
                workers = 2
                [sources.github.extract]
                max_parallel_items = 3
                [sources.github.issues.extract]
                next_item_mode = "round_robin"
                [p.extract]
                max_parallel_items = 4
                """, Map.of());
        assertThat(r.extract("q", "github").value()).isEqualTo(new ExtractConfig(2, 3, NextItemMode.FIFO));
        assertThat(r.extract("q", "github", "issues").value())
                .isEqualTo(new ExtractConfig(2, 3, NextItemMode.ROUND_ROBIN));
        assertThat(r.extract("q", "github", "pulls").value()).isEqualTo(new ExtractConfig(2, 3, NextItemMode.FIFO));
        assertThat(r.extract("q", "other").value()).isEqualTo(new ExtractConfig(2, 20, NextItemMode.FIFO));
        // [<pipeline>.extract] applies to pipeline p only, and beats the unprefixed sections
        assertThat(r.extract("p", "github").value()).isEqualTo(new ExtractConfig(2, 4, NextItemMode.FIFO));
        assertThat(r.extract("p", "github", "issues").origin("next_item_mode").describe())
                .isEqualTo(configFile() + " section [sources.github.issues.extract]");

        ConfigResolver e = resolver(null, Map.of("SOURCES__GITHUB__EXTRACT__MAX_PARALLEL_ITEMS", "6",
                "SOURCES__GITHUB__ISSUES__EXTRACT__WORKERS", "7", "EXTRACT__NEXT_ITEM_MODE", "round_robin",
                "P__EXTRACT__WORKERS", "8"));
        assertThat(e.extract("q", "github", "issues").value())
                .isEqualTo(new ExtractConfig(7, 6, NextItemMode.ROUND_ROBIN));
        assertThat(e.extract("q", "other").value()).isEqualTo(new ExtractConfig(5, 20, NextItemMode.ROUND_ROBIN));
        assertThat(e.extract("p", "other").value()).isEqualTo(new ExtractConfig(8, 20, NextItemMode.ROUND_ROBIN));
    }

    @Test
    void theBoundaryHashBoundComesFromTheExtractSectionsAndIsValidated() throws IOException {
        ConfigResolver r = resolver("[extract]\nincremental_max_boundary_hashes = 500\n"
                + "[sources.github.extract]\nincremental_max_boundary_hashes = 50\n", Map.of());
        assertThat(r.extract("q", "other").value().incrementalMaxBoundaryHashes()).isEqualTo(500);
        assertThat(r.extract("q", "github").value().incrementalMaxBoundaryHashes()).isEqualTo(50);
        assertThat(resolver(null, Map.of()).extract("q", "other").value().incrementalMaxBoundaryHashes())
                .isEqualTo(10_000);
        assertThat(resolver(null, Map.of("EXTRACT__INCREMENTAL_MAX_BOUNDARY_HASHES", "7")).extract("q", "x").value()
                .incrementalMaxBoundaryHashes()).isEqualTo(7);
        assertThatThrownBy(() -> resolver("[extract]\nincremental_max_boundary_hashes = 0\n", Map.of()))
                .hasMessageContaining("'incremental_max_boundary_hashes' has invalid value 0")
                .hasMessageContaining("an integer of at least 1");
    }

    @Test
    void packageMaxItemsComesFromExtractAndIsOffByDefault() throws IOException {
        assertThat(resolver(null, Map.of()).extract("q", "x").value().packageMaxItems()).isZero();
        assertThat(ExtractConfig.DEFAULTS.packageMaxItems()).isZero();
        assertThat(resolver("[extract]\npackage_max_items = 100000\n", Map.of()).extract("q", "x").value()
                .packageMaxItems()).isEqualTo(100_000);
        assertThat(resolver(null, Map.of("EXTRACT__PACKAGE_MAX_ITEMS", "7")).extract("q", "x").value()
                .packageMaxItems()).isEqualTo(7);
        assertThatThrownBy(() -> resolver("[extract]\npackage_max_items = -1\n", Map.of()))
                .hasMessageContaining("'package_max_items' has invalid value -1")
                .hasMessageContaining("an integer of at least 0 (0 = one package per extract)");
        assertThatThrownBy(() -> ExtractConfig.DEFAULTS.withPackageMaxItems(-5))
                .hasMessage("package_max_items must be at least 0 (0 = one package per extract), got -5");
    }

    @Test
    void stageWorkersComeFromTheirSectionsAndTopLevelWorkersSkipsExtract() throws IOException {
        ConfigResolver r = resolver("workers = 3\n[normalize]\nworkers = 2\n", Map.of());
        assertThat(r.normalize("p").value().workers()).isEqualTo(2);
        assertThat(r.load("p").value().workers()).isEqualTo(3);
        assertThat(r.load("p").origin("workers").describe()).isEqualTo(configFile() + " section (top level)");
        assertThat(r.extract("p", "s").value().workers()).isEqualTo(5);

        ConfigResolver e = resolver(null, Map.of("NORMALIZE__WORKERS", "4", "LOAD__WORKERS", "6"));
        assertThat(e.normalize("p").value().workers()).isEqualTo(4);
        assertThat(e.load("p").value().workers()).isEqualTo(6);
    }

    @Test
    void progressDeleteCompletedJobsPipelinesDirAndLogLevelAreRead() throws IOException {
        ConfigResolver r = resolver("""
                progress = "log"
                pipelines_dir = "work/pipes"
                [load]
                delete_completed_jobs = true
                raise_on_failed_jobs = false
                [runtime]
                log_level = "debug"
                """, Map.of());
        assertThat(r.pipeline("p").value()).isEqualTo(new PipelineConfig("log",
                Optional.of(project.toAbsolutePath().normalize().resolve("work/pipes")), "DEBUG"));
        assertThat(r.load("p").value().deleteCompletedJobs()).isTrue();
        assertThat(r.load("p").value().raiseOnFailedJobs()).isFalse();

        ConfigResolver e = resolver(null, Map.of("PROGRESS", "log", "LOAD__DELETE_COMPLETED_JOBS", "yes",
                "RUNTIME__LOG_LEVEL", "INFO", "PIPELINES_DIR", project.resolve("x").toString()));
        assertThat(e.pipeline("p").value()).isEqualTo(new PipelineConfig("log",
                Optional.of(project.resolve("x").toAbsolutePath().normalize()), "INFO"));
        assertThat(e.load("p").value().deleteCompletedJobs()).isTrue();
        assertThat(e.pipeline("p").origin("progress").describe()).isEqualTo("environment variable PROGRESS");
    }

    @Test
    void restoreFromDestinationAndRefreshAreReadWithTheirDefaults() throws IOException {
        assertThat(PipelineConfig.DEFAULTS.restoreFromDestination()).isTrue();
        assertThat(PipelineConfig.DEFAULTS.refresh()).isEmpty();
        ConfigResolver r = resolver("""
                restore_from_destination = false
                [pipelines.p]
                refresh = "drop_resources"
                """, Map.of());
        assertThat(r.pipeline("p").value().restoreFromDestination()).isFalse();
        assertThat(r.pipeline("p").value().refresh()).contains(dev.dlt4j.Refresh.DROP_RESOURCES);
        assertThat(r.pipeline("q").value().refresh()).isEmpty();
        ConfigResolver e = resolver(null, Map.of("RESTORE_FROM_DESTINATION", "no", "REFRESH", "DROP_DATA"));
        assertThat(e.pipeline("p").value().restoreFromDestination()).isFalse();
        assertThat(e.pipeline("p").value().refresh()).contains(dev.dlt4j.Refresh.DROP_DATA);
        assertThat(e.pipeline("p").origin("restore_from_destination").describe())
                .isEqualTo("environment variable RESTORE_FROM_DESTINATION");
    }

    @Test
    void anUnknownRefreshModeIsRefusedNamingTheAllowedOnes() throws IOException {
        assertThatThrownBy(() -> resolver(null, Map.of("REFRESH", "drop_everything")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Config key 'refresh' has invalid value drop_everything, set in environment"
                        + " variable REFRESH; allowed: \"drop_sources\", \"drop_resources\" or \"drop_data\"");
    }

    @Test
    void pipelinesSectionSetsPipelineKeysForOnePipeline() throws IOException {
        ConfigResolver r = resolver("[pipelines.p]\nprogress = \"log\"\n", Map.of());
        assertThat(r.pipeline("p").value().progress()).isEqualTo("log");
        assertThat(r.pipeline("q").value().progress()).isEqualTo("none");
    }

    // ---- precedence

    @Test
    void environmentBeatsSecretsBeatsConfigBeatsDefault() throws IOException {
        String config = "[load]\nworkers = 2\ndelete_completed_jobs = true\n[normalize]\nworkers = 2\n";
        String secrets = "[load]\nworkers = 3\n[normalize]\nworkers = 3\n";
        ConfigResolver r = resolver(config, secrets, Map.of("LOAD__WORKERS", "4"));
        assertThat(r.load("p").value().workers()).isEqualTo(4);
        assertThat(r.load("p").origin("workers").provider()).isEqualTo("environment");
        assertThat(r.normalize("p").value().workers()).isEqualTo(3);
        assertThat(r.normalize("p").origin("workers").provider()).isEqualTo("secrets.toml");
        assertThat(r.load("p").value().deleteCompletedJobs()).isTrue();
        assertThat(r.load("p").origin("delete_completed_jobs").provider()).isEqualTo("config.toml");
        assertThat(r.load("p").value().raiseOnFailedJobs()).isTrue();
        assertThat(r.load("p").origin("raise_on_failed_jobs").provider()).isEqualTo("default");
    }

    @Test
    void moreSpecificSectionWinsWithinOneProvider() throws IOException {
        ConfigResolver r = resolver("""
                [data_writer]
                buffer_max_items = 1
                [sources.data_writer]
                buffer_max_items = 2
                [sources.s.data_writer]
                buffer_max_items = 3
                """, Map.of());
        assertThat(r.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(3);
        assertThat(r.extractDataWriter("p", "t").value().bufferMaxItems()).isEqualTo(2);
        assertThat(r.normalizeDataWriter("p").value().bufferMaxItems()).isEqualTo(1);
    }

    @Test
    void environmentAtTheLeastSpecificPathBeatsConfigAtTheMostSpecific() throws IOException {
        // dlt's order: providers outside, section paths inside
        ConfigResolver r = resolver("[sources.s.extract]\nworkers = 2\n", Map.of("EXTRACT__WORKERS", "3"));
        assertThat(r.extract("p", "s").value().workers()).isEqualTo(3);
    }

    @Test
    void pipelineNamePrefixBeatsEverythingUnprefixed() throws IOException {
        ConfigResolver r = resolver("[p.load]\nworkers = 2\n[p.data_writer]\nbuffer_max_items = 9\n",
                Map.of("LOAD__WORKERS", "3"));
        assertThat(r.load("p").value().workers()).isEqualTo(2);
        assertThat(r.load("p").origin("workers").describe()).isEqualTo(configFile() + " section [p.load]");
        assertThat(r.load("other").value().workers()).isEqualTo(3);
        assertThat(r.normalizeDataWriter("p").value().bufferMaxItems()).isEqualTo(9);
        assertThat(r.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(9);

        ConfigResolver e = resolver(null, Map.of("MY_PIPE__NORMALIZE__WORKERS", "5", "NORMALIZE__WORKERS", "2"));
        assertThat(e.normalize("my_pipe").value().workers()).isEqualTo(5);
        assertThat(e.normalize("other").value().workers()).isEqualTo(2);
    }

    @Test
    void aliasMaxBufferItemsIsAcceptedEverywhere() throws IOException {
        ConfigResolver r = resolver("[normalize.data_writer]\nmax_buffer_items = 11\n",
                Map.of("SOURCES__DATA_WRITER__MAX_BUFFER_ITEMS", "12"));
        assertThat(r.normalizeDataWriter("p").value().bufferMaxItems()).isEqualTo(11);
        assertThat(r.normalizeDataWriter("p").origin("buffer_max_items").keyName()).isEqualTo("max_buffer_items");
        assertThat(r.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(12);
        ConfigResolver same = resolver("[data_writer]\nmax_buffer_items = 11\nbuffer_max_items = 11\n", Map.of());
        assertThat(same.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(11);
    }

    @Test
    void stringsAndNumbersAreCoercedAsDltDoes() throws IOException {
        ConfigResolver r = resolver("[load]\nworkers = \" 7 \"\n[normalize]\nworkers = 3.0\n",
                Map.of("DATA_WRITER__FILE_MAX_ITEMS", "0x10", "DATA_WRITER__DISABLE_COMPRESSION", "Y"));
        assertThat(r.load("p").value().workers()).isEqualTo(7);
        assertThat(r.normalize("p").value().workers()).isEqualTo(3);
        assertThat(r.normalizeDataWriter("p").value().fileMaxItems()).isEqualTo(16);
        assertThat(r.normalizeDataWriter("p").value().disableCompression()).isTrue();
    }

    // ---- errors, asserted on their text

    @Test
    void nextItemModeFiveIsRejectedNamingFileSectionValueAndAllowed() {
        assertThatThrownBy(() -> resolver("[extract]\nnext_item_mode = 5\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'next_item_mode' has invalid value 5, set in " + configFile()
                        + " section [extract]; allowed: \"fifo\" or \"round_robin\".");
    }

    @Test
    void negativeWorkersFromEnvironmentIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> resolver(null, Map.of("NORMALIZE__WORKERS", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'workers' has invalid value -1, set in environment variable NORMALIZE__WORKERS;"
                        + " allowed: an integer of at least 1.");
        assertThatThrownBy(() -> resolver("[sources.github.extract]\nworkers = -1\n", Map.of()))
                .hasMessage("Config key 'workers' has invalid value -1, set in " + configFile()
                        + " section [sources.github.extract]; allowed: an integer of at least 1.");
    }

    @Test
    void textForANumberIsRejected() {
        assertThatThrownBy(() -> resolver("[sources.data_writer]\nbuffer_max_items = \"lots\"\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'buffer_max_items' has invalid value \"lots\", set in " + configFile()
                        + " section [sources.data_writer]; allowed: an integer of at least 1.")
                .satisfies(e -> {
                    ConfigException c = (ConfigException) e;
                    assertThat(c.key()).isEqualTo("buffer_max_items");
                    assertThat(c.value()).isEqualTo("\"lots\"");
                    assertThat(c.location()).isEqualTo(configFile() + " section [sources.data_writer]");
                    assertThat(c.allowed()).isEqualTo("an integer of at least 1");
                });
    }

    @Test
    void maybeIsNotABoolean() {
        assertThatThrownBy(() -> resolver(null, Map.of("NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION", "maybe")))
                .hasMessage("Config key 'disable_compression' has invalid value maybe, set in environment variable"
                        + " NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION; allowed: true or false (also yes/no, y/n,"
                        + " t/f, 1/0).");
        assertThatThrownBy(() -> resolver("[normalize.data_writer]\ndisable_compression = \"maybe\"\n", Map.of()))
                .hasMessage("Config key 'disable_compression' has invalid value \"maybe\", set in " + configFile()
                        + " section [normalize.data_writer]; allowed: true or false (also yes/no, y/n, t/f, 1/0).");
    }

    @Test
    void unquotedMaybeInTomlIsReportedAsTheKeysError() {
        assertThatThrownBy(() -> resolver("# tuning\n[normalize.data_writer]\nbuffer_max_items = 10\n"
                + "disable_compression = maybe\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'disable_compression' has invalid value maybe, set in " + configFile()
                        + " line 4 section [normalize.data_writer]; allowed: true or false (also yes/no, y/n, t/f,"
                        + " 1/0). The line is not valid TOML either: text values need quotes.");
    }

    @Test
    void brokenTomlNamesFileAndLine() {
        assertThatThrownBy(() -> resolver("[extract\nworkers = 2\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read config file " + configFile() + ": line 1: ");
    }

    @Test
    void bothBufferNamesWithDifferentValuesInOneSectionIsAnError() {
        assertThatThrownBy(() -> resolver("[data_writer]\nbuffer_max_items = 100\nmax_buffer_items = 200\n",
                Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config keys 'buffer_max_items' = 100 and 'max_buffer_items' = 200 are both set in "
                        + configFile() + " section [data_writer] with different values; 'max_buffer_items' is another"
                        + " name of 'buffer_max_items', keep one of them.");
        assertThatThrownBy(() -> resolver(null, Map.of("SOURCES__S__DATA_WRITER__BUFFER_MAX_ITEMS", "1",
                "SOURCES__S__DATA_WRITER__MAX_BUFFER_ITEMS", "2")))
                .hasMessageContaining("'buffer_max_items' = 1 and 'max_buffer_items' = 2 are both set in"
                        + " environment variable SOURCES__S__DATA_WRITER__BUFFER_MAX_ITEMS");
    }

    @Test
    void bothBufferNamesInDifferentSectionsFollowPrecedence() throws IOException {
        ConfigResolver r = resolver("[data_writer]\nbuffer_max_items = 100\n[sources.data_writer]\n"
                + "max_buffer_items = 200\n", Map.of());
        assertThat(r.extractDataWriter("p", "s").value().bufferMaxItems()).isEqualTo(200);
        assertThat(r.normalizeDataWriter("p").value().bufferMaxItems()).isEqualTo(100);
    }

    @Test
    void badProgressAndLogLevelAreRejected() {
        assertThatThrownBy(() -> resolver("progress = \"fancy\"\n", Map.of()))
                .hasMessage("Config key 'progress' has invalid value \"fancy\", set in " + configFile()
                        + " section (top level); allowed: \"none\", \"log\", \"bar\", \"tqdm\", \"enlighten\" or"
                        + " \"alive_progress\".");
        assertThatThrownBy(() -> resolver(null, Map.of("RUNTIME__LOG_LEVEL", "loud")))
                .hasMessageContaining("'log_level' has invalid value loud, set in environment variable RUNTIME__LOG_LEVEL");
    }

    // ---- unknown keys

    @Test
    void unknownKeyInKnownSectionWarnsWithDidYouMean() throws IOException {
        ConfigResolver r = resolver("[extract]\nmax_paralel_items = 5\n[sources.github]\napi_key = \"x\"\n",
                Map.of("DATA_WRITER__BUFER_MAX_ITEMS", "3"));
        assertThat(r.warnings()).containsExactlyInAnyOrder(
                "Unknown config key 'max_paralel_items' in " + configFile() + " section [extract], it has no effect;"
                        + " did you mean 'max_parallel_items'? Keys of [extract]: workers, max_parallel_items,"
                        + " next_item_mode, incremental_max_boundary_hashes, package_max_items.",
                "Unknown config key 'bufer_max_items' in environment variable DATA_WRITER__BUFER_MAX_ITEMS, it has no"
                        + " effect; did you mean 'buffer_max_items'? Keys of [data_writer]: buffer_max_items,"
                        + " max_buffer_items, file_max_items, file_max_bytes, disable_compression.");
        assertThat(r.extract("p", "github").value().maxParallelItems()).isEqualTo(20);
    }

    @Test
    void dltKeysThatDlt4jDoesNotUseAreNotReportedAsUnknown() throws IOException {
        ConfigResolver r = resolver("[extract]\nfutures_poll_interval = 0.1\n[load]\nraise_on_max_retries = 3\n"
                + "[runtime]\nrequest_timeout = 10\n", Map.of());
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void unrelatedKeyFarFromAnyKnownNameHasNoDidYouMean() throws IOException {
        ConfigResolver r = resolver("[load]\ncolour = \"blue\"\n", Map.of());
        assertThat(r.warnings()).containsExactly("Unknown config key 'colour' in " + configFile()
                + " section [load], it has no effect. Keys of [load]: workers, delete_completed_jobs,"
                + " raise_on_failed_jobs, atomic_packages, retry_attempts, retry_backoff.");
    }

    // ---- where files are found

    @Test
    void dltProjectDirSelectsTheProjectFolder() {
        assertThat(ConfigResolver.defaultProjectDir(Map.of("DLT_PROJECT_DIR", project.toString())))
                .isEqualTo(project);
        assertThat(ConfigResolver.defaultProjectDir(Map.of())).isEqualTo(Path.of("").toAbsolutePath());
    }

    @Test
    void dltConfigFolderRenamesTheSettingsFolder() throws IOException {
        Files.createDirectories(project.resolve("settings"));
        Files.writeString(project.resolve("settings/config.toml"), "[load]\nworkers = 2\n");
        ConfigResolver r = ConfigResolver.of(project, Map.of("DLT_CONFIG_FOLDER", "settings"));
        assertThat(r.settingsDir()).isEqualTo(project.toAbsolutePath().normalize().resolve("settings"));
        assertThat(r.load("p").value().workers()).isEqualTo(2);
    }

    @Test
    void sectionPathsDropTheRightmostSectionButKeepTheOwnOne() {
        assertThat(ConfigResolver.paths(java.util.List.of("sources", "s", "r"), "extract")).containsExactly(
                java.util.List.of("sources", "s", "r", "extract"), java.util.List.of("sources", "s", "extract"),
                java.util.List.of("sources", "extract"), java.util.List.of("extract"));
        assertThat(ConfigResolver.paths(java.util.List.of("load"), null)).containsExactly(
                java.util.List.of("load"), java.util.List.of());
    }
}
