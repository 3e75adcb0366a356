package dev.dlt4j.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.PipelineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aPasswordWithAnUnencodedSlashOrAtIsMaskedWhole() {
        assertThat(Secrets.maskUris("bad: 'postgresql://postgres:SeCrEt123/x@host/db' here"))
                .isEqualTo("bad: 'postgresql://postgres:***@host/db' here");
        assertThat(Secrets.maskUris("postgresql://u:a@b:c/d@host:5432/db?connect_timeout=1"))
                .isEqualTo("postgresql://u:***@host:5432/db?connect_timeout=1");
    }

    @Test
    void aSecondAtWithoutAColonMasksEverythingAfterTheFirstAt() {
        assertThat(Secrets.maskUris("postgresql://x@SeCrEt123@host/db")).isEqualTo("postgresql://x:***@host/db");
    }

    @Test
    void uriWithoutPasswordsAndTheUserPasswordPlaceholderStayAsTheyAre() {
        String text = "postgresql://postgres@127.0.0.1:5432/test, file:///tmp/lake, https://x.org/a?b=c@d,"
                + " expected postgresql://user:password@host:5432/database, jdbc:postgresql://h:5432/db";
        assertThat(Secrets.maskUris(text)).isEqualTo(text);
    }

    @Test
    void everyUriOfATextIsMasked() {
        assertThat(Secrets.maskUris("a postgres://u:p1@h1/d and s3://k:p2/x@bucket/path\nthen http://v:p3@h3"))
                .isEqualTo("a postgres://u:***@h1/d and s3://k:***@bucket/path\nthen http://v:***@h3");
    }

    @Test
    void knownSecretsAreMaskedAlsoPercentEncoded() {
        assertThat(Secrets.mask("login p@ss w/d and p%40ss+w%2Fd and p%40ss%20w%2Fd", List.of("p@ss w/d")))
                .isEqualTo("login *** and *** and ***");
    }

    @Test
    void aCleanCauseChainIsKeptAsItIs() {
        IOException e = new IOException("disk full", new SQLException("no password here"));
        assertThat(Secrets.scrub(e)).isSameAs(e);
    }

    @Test
    void aChainThatShowsASecretIsCopiedWithMaskedMessagesAndItsClassNamesAndStackTraces() {
        SQLException driver = new SQLException("cannot reach postgresql://u:SeCrEt123/x@h/db");
        driver.addSuppressed(new IllegalStateException("retry with SeCrEt123/x failed"));
        IllegalStateException top = new IllegalStateException("connect failed", driver);
        Throwable safe = Secrets.scrub(top, List.of("SeCrEt123/x"));
        StringWriter printed = new StringWriter();
        safe.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain("SeCrEt123")
                .contains("java.lang.IllegalStateException: connect failed")
                .contains("Caused by: java.sql.SQLException: cannot reach postgresql://u:***@h/db")
                .contains("Suppressed: java.lang.IllegalStateException: retry with *** failed")
                .contains("at dev.dlt4j.spi.SecretsTest.");
    }

    @Test
    void aPipelineExceptionMasksItsMessageContextAndCauses() {
        PipelineException e = new PipelineException("cannot open postgresql://u:SeCrEt123/x@h/db",
                Map.of("pipeline", "p", "destination", "postgresql://u:SeCrEt123/x@h/db"),
                new IllegalStateException("postgresql://u:SeCrEt123/x@h/db refused"));
        StringWriter printed = new StringWriter();
        e.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString() + e.context()).doesNotContain("SeCrEt123").contains("u:***@h/db");
    }

    @Test
    void theOneLineErrorCarriesTheRealCause() {
        Exception disk = new IllegalStateException("cannot write /data/x.jsonl",
                new IOException("No space left on device"));
        assertThat(PipelineException.oneLine(disk))
                .isEqualTo("cannot write /data/x.jsonl (cause: No space left on device)");
        PipelineException p = new PipelineException("cannot connect", Map.of("pipeline", "p"),
                new IllegalStateException("x", new java.net.UnknownHostException("db.invalid")));
        assertThat(p.getMessage()).isEqualTo("Pipeline p: cannot connect (cause: UnknownHostException: db.invalid)");
        assertThat(PipelineException.oneLine(p)).isEqualTo(p.getMessage());
        Exception said = new IllegalStateException("cannot write: No space left on device",
                new IOException("No space left on device"));
        assertThat(PipelineException.oneLine(said)).isEqualTo("cannot write: No space left on device");
    }
}
