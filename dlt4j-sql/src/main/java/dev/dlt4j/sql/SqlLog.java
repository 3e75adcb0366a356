package dev.dlt4j.sql;

import dev.dlt4j.log.Logs;
import dev.dlt4j.spi.Secrets;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The DEBUG log of the SQL a destination runs (logger {@code dev.dlt4j.sql.SqlLog}, so
 * {@code [runtime] log_level = "DEBUG"} shows it), with secrets masked: passwords in URIs
 * ({@code postgresql://user:***@host}) and the value of any {@code PASSWORD}, {@code SECRET},
 * {@code KEY_ID}, {@code TOKEN} or {@code password=} clause. A statement is formatted only when DEBUG is on.
 */
public final class SqlLog {
    private static final Logger LOG = Logs.get(SqlLog.class);
    /**
     * A secret-looking keyword, then {@code =} and a quoted or bare value ({@code password=x}), or a
     * space and a quoted value ({@code PASSWORD 'x'}; {@code CREATE SECRET s3} names no secret).
     */
    private static final Pattern SECRET_CLAUSE = Pattern.compile(
            "(?i)\\b(password|secret|key_id|token|secret_access_key|access_key_id)"
                    + "(\\s*=\\s*(?=[^\\s])|\\s+(?='))('(?:[^']|'')*'|\"[^\"]*\"|[^\\s,;)]+)");

    private SqlLog() {
    }

    /** Logs {@code sql} at DEBUG, tagged with {@code where} (e.g. {@code duckdb dataset shop_data}). */
    public static void statement(String where, String sql) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {}", where, mask(sql));
        }
    }

    /** Logs a connection being opened at DEBUG; {@code target} is masked like a statement. */
    public static void connecting(String target) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("connecting to {}", mask(target));
        }
    }

    /** {@code sql} with URI passwords and secret clauses replaced by {@code ***}. */
    public static String mask(String sql) {
        String out = Secrets.maskUris(sql);
        return SECRET_CLAUSE.matcher(out).replaceAll(m -> m.group(1) + m.group(2)
                + (m.group(3).startsWith("'") ? "'" + Secrets.MASK + "'" : Secrets.MASK));
    }
}
