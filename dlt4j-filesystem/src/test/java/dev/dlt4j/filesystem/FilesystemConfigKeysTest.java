package dev.dlt4j.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.config.ConfigException;
import dev.dlt4j.config.ConfigKeys;
import dev.dlt4j.config.ConfigResolver;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [destination.filesystem]}: keys the filesystem module declares. */
class FilesystemConfigKeysTest {
    @TempDir
    Path tmp;

    @Test
    void theModulesKeysAreDeclaredWithTheirDefaults() {
        assertThat(ConfigKeys.all()).contains(FilesystemConfigKeys.BUCKET_URL, FilesystemConfigKeys.LAYOUT);
        assertThat(ConfigKeys.module(FilesystemConfigKeys.LAYOUT)).isEqualTo("filesystem");
        assertThat(FilesystemConfigKeys.BUCKET_URL.defaultValue()).isEmpty();
        assertThat(FilesystemConfigKeys.LAYOUT.defaultValue()).contains("{table_name}/{load_id}.{file_id}.{ext}");
    }

    @Test
    void theBucketIsLookedUpWithThePipelinePrefixFirst() {
        ConfigResolver config = ConfigResolver.of(tmp, Map.of("DESTINATION__FILESYSTEM__BUCKET_URL", "file:lake",
                "P__DESTINATION__FILESYSTEM__BUCKET_URL", "file:p_lake"));
        FilesystemDestination d = (FilesystemDestination) Destination.named("filesystem");
        assertThat(d.bucket(new DestinationContext("p", "d", tmp, tmp, config))).isEqualTo(tmp.resolve("p_lake"));
        assertThat(d.bucket(new DestinationContext("q", "d", tmp, tmp, config))).isEqualTo(tmp.resolve("lake"));
    }

    @Test
    void aBadLayoutOrBucketFailsWhenThePipelineIsBuilt() throws Exception {
        Files.createDirectories(tmp.resolve(".dlt"));
        Files.writeString(tmp.resolve(".dlt/config.toml"), "[destination.filesystem]\nlayout = \"{load_id}.{ext}\"\n");
        assertThatThrownBy(() -> Pipeline.builder("bad").destination("filesystem").projectDir(tmp)
                .pipelinesDir(tmp.resolve("pipelines")).environment(Map.of()).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Config key 'layout' has invalid value \"{load_id}.{ext}\"")
                .hasMessageContaining("allowed: a pattern with {table_name}");
        Files.delete(tmp.resolve(".dlt/config.toml"));
        assertThatThrownBy(() -> Pipeline.builder("bad").destination("filesystem").projectDir(tmp)
                .pipelinesDir(tmp.resolve("pipelines"))
                .environment(Map.of("DESTINATION__FILESYSTEM__BUCKET_URL", "s3://bucket")).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Config key 'bucket_url' has invalid value s3://bucket, set in environment"
                        + " variable DESTINATION__FILESYSTEM__BUCKET_URL; allowed: a local folder");
    }
}
