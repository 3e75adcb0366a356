package dev.dlt4j.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.config.ConfigResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library user without any SLF4J backend still sees dlt4j's warnings: this module's test class
 * path has the SLF4J API and no provider, as such an application has. The probe runs in a JVM of
 * its own so that SLF4J initializes there, from nothing.
 */
class LogsWithoutProviderTest {
    /** The probe: resolves config with a mistyped key, as a pipeline's build does. */
    public static void main(String[] args) {
        ConfigResolver.of(Paths.get(args[0]), Map.of("DATA_WRITER__BUFER_MAX_ITEMS", "3"));
        Logs.get(LogsWithoutProviderTest.class).info("an INFO line that must not show");
        Logs.get(LogsWithoutProviderTest.class).debug("a DEBUG line that must not show");
    }

    @Test
    void aConfigTypoReachesStderrWithoutSlf4jProvider(@TempDir Path dir) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", cp, LogsWithoutProviderTest.class.getName(), dir.toString())
                .redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEmpty();
        assertThat(err).contains("dlt4j WARN ConfigResolver: Unknown config key 'bufer_max_items' in environment"
                + " variable DATA_WRITER__BUFER_MAX_ITEMS, it has no effect; did you mean 'buffer_max_items'?");
        assertThat(err).doesNotContain("must not show");
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void withoutProviderOnlyWarnAndErrorAreOn() {
        Logs.StderrLogger log = new Logs.StderrLogger("dev.dlt4j.x.Y", System.err);
        assertThat(log.isWarnEnabled()).isTrue();
        assertThat(log.isErrorEnabled()).isTrue();
        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.getName()).isEqualTo("dev.dlt4j.x.Y");
    }
}
