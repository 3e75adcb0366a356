package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many failing runs with a password in the destination URI, through the API and through the
 * command line with {@code DLT4J_DEBUG=1}: the password appears in no output (stdout, stderr,
 * logs, exception messages and cause chains, stack traces), in no trace and in no file (nor file
 * name) of the working folders. The URIs are of every shape that defeated a pattern before: an
 * unencoded '/' or a second '@' in the password, white space, bad escapes, bad ports, no host, no
 * database, unknown parameters and schemes, unreachable hosts and a wrong password ({@code
 * dlt4j_pw_user}, whose password the server checks when .ci/run has set it up; else the login is
 * refused for a missing role or trusted).
 */
class SecretsNeverShownTest {
    private static final String SECRET = "SeCrEt123";
    private static final String ENCODED = "Se%43rEt123"; // percent-encoded 'C': decodes to the secret
    private static final String PG = "127.0.0.1:5432";

    private static final List<String> URIS = List.of(
            "postgresql://postgres:" + SECRET + "/x@no-such-host.invalid/db",
            "postgresql://x@" + SECRET + "@" + PG + "/test",
            "postgresql://x@" + SECRET + "/y@" + PG + "/test",
            "postgresql://dlt4j_pw_user:" + SECRET + "@" + PG + "/test",
            "postgresql://dlt4j_pw_user:" + SECRET + "/x@" + PG + "/test",
            "postgresql://dlt4j_pw_user:" + SECRET + "@x@" + PG + "/test",
            "postgresql://dlt4j_pw_user:" + ENCODED + "@" + PG + "/test",
            "postgresql://no_such_user_dlt4j:" + SECRET + "@" + PG + "/test",
            "postgresql://postgres:" + SECRET + "@" + PG + "/no_such_db_dlt4j",
            "postgresql://postgres:" + SECRET + "@127.0.0.1:1/test?connect_timeout=2",
            "postgresql://postgres:" + SECRET + "@host:notaport/db",
            "postgresql://postgres:" + SECRET + " x@host/db",
            "postgresql://postgres:" + SECRET + "%zz@host/db",
            "postgresql://postgres:" + SECRET + "@host/db?colour=red",
            "postgresql://postgres:" + SECRET + "@host/db?connect_timeout=soon",
            "postgres://postgres:" + SECRET + "@/db",
            "postgresql://postgres:" + SECRET + "@" + PG + "/",
            "postgresql://postgres:" + SECRET + "@[::1/db",
            "postgresq://postgres:" + SECRET + "/x@host/db",
            "file://u:" + SECRET + "@host/lake",
            "s3://key:" + SECRET + "/x@bucket/lake",
            "duckdb://u:" + SECRET + "@host/x.duckdb");

    @TempDir
    Path tmp;

    @Test
    void noApiRunShowsThePasswordAnywhere() {
        Path pipelines = tmp.resolve("api");
        StringBuilder seen = new StringBuilder();
        int failures = 0;
        for (int i = 0; i < URIS.size(); i++) {
            String uri = URIS.get(i);
            int index = i;
            String dataset = "secrets_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
            String output = captured(() -> {
                // a working folder per URI: a package left pending for one destination is refused by the next
                Pipeline p = Pipeline.builder("secrets")
                        .pipelinesDir(pipelines.resolve("uri" + index)).localDir(tmp).dataset(dataset).progress("log")
                        .destination(uri).build();
                p.run(Resource.of("t", List.of(Map.of("id", 1))));
            });
            if (output.startsWith("FAILED ")) {
                failures++;
            }
            seen.append(uri.replace(SECRET, "").replace(ENCODED, "")).append('\n').append(output).append('\n');
        }
        assertThat(failures).as("runs that failed").isGreaterThanOrEqualTo(URIS.size() - 1);
        assertNoSecret(seen.toString(), "API output");
        assertNoSecretIn(pipelines);
        assertThat(seen.toString()).contains("postgres:***@no-such-host.invalid", "x:***@" + PG,
                "dlt4j_pw_user:***@" + PG);
    }

    @Test
    void noCommandLineRunShowsThePasswordEvenWithDebugOutput() {
        Path pipelines = tmp.resolve("cli");
        StringBuilder seen = new StringBuilder();
        for (String uri : URIS) {
            CliRun r = CliRun.debug("demo", "--rows", "3", "--pipelines-dir", pipelines.toString(),
                    "--destination", uri);
            assertThat(r.exitCode()).as(uri.replace(SECRET, "")).isNotZero();
            seen.append(r.out()).append(r.err());
        }
        assertNoSecret(seen.toString(), "command line output");
        assertThat(seen.toString()).contains("\tat dev.dlt4j.").contains("postgres:***@no-such-host.invalid");
        assertNoSecretIn(pipelines);
    }

    @Test
    void aChildProcessWithDlt4jDebugPrintsNoPassword() throws Exception {
        Path pipelines = tmp.resolve("child");
        for (String uri : List.of(URIS.get(4))) { // a wrong password with a '/' in it: the driver's whole chain
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", cp, Main.class.getName(), "demo", "--rows", "3", "--pipelines-dir", pipelines.toString(),
                    "--destination", uri).redirectErrorStream(true).directory(tmp.toFile());
            pb.environment().put("DLT4J_DEBUG", "1");
            Process p = pb.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(out).contains("dlt4j: ", "\tat ");
            assertNoSecret(out, "the output of dlt4j demo --destination " + uri.replace(SECRET, ""));
        }
        assertNoSecretIn(tmp);
    }

    /** What a run printed and threw: stdout, stderr (the log) and the exception as a program would log it. */
    private static String captured(Runnable run) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String thrown = "";
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(ps);
            System.setErr(ps);
            try {
                run.run();
            } catch (RuntimeException e) {
                thrown = "FAILED " + PipelineException.oneLine(e) + "\n" + everything(e);
            }
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return thrown + bytes.toString(StandardCharsets.UTF_8);
    }

    /** The stack trace (every cause and suppressed one) plus every message and toString of the chain. */
    private static String everything(Throwable e) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 50; t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            sw.append(t.getMessage()).append('\n').append(t.getLocalizedMessage()).append('\n').append(t.toString());
            if (t instanceof PipelineException pe) {
                sw.append(pe.context().toString());
            }
        }
        return sw.toString();
    }

    private static void assertNoSecret(String text, String where) {
        assertThat(text).as(where).doesNotContain(SECRET).doesNotContain(ENCODED).doesNotContain("CrEt1");
    }

    /** No file under the folder, nor its name, holds the secret (gzip'd files are read unzipped too). */
    private static void assertNoSecretIn(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.toList()) {
                assertNoSecret(f.toString(), "a file name");
                if (Files.isRegularFile(f)) {
                    byte[] raw = Files.readAllBytes(f);
                    assertNoSecret(new String(raw, StandardCharsets.ISO_8859_1), f.toString());
                    if (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
                        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                            assertNoSecret(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), f.toString());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
