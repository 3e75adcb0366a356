package dev.dlt4j.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during extract: a child JVM gets a real SIGINT while its resources block. */
@DisabledOnOs(OS.WINDOWS)
class SigintTest {
    @TempDir
    Path tmp;

    @Test
    void sigintStopsExtractionCleanlyAndRestoresThePreviousHandler() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SigintMain.class.getName(), tmp.toString()))
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (line.equals("READY")) {
                    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
                    assertThat(kill.waitFor()).isZero();
                }
            }
        } finally {
            if (!p.waitFor(2, TimeUnit.MINUTES)) { // hang guard only
                p.destroyForcibly();
            }
        }
        String text = out.toString();
        System.out.println(text);
        assertThat(p.exitValue()).as("the default handler ends the JVM on the second SIGINT: " + text)
                .isEqualTo(130);
        assertThat(text).contains("STOPPED: Pipeline sigint, stage extract, source src: extraction was interrupted"
                + " (SIGINT / Ctrl-C or thread interrupt)")
                .contains("interrupt_flag=false")
                .contains("pool_threads=[]")
                .contains("extracted_packages=0")
                .contains("temp_packages=0")
                .doesNotContain("STILL RUNNING");
    }
}
