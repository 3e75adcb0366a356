package dev.dlt4j;

import dev.dlt4j.spi.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pipeline step failed. The message names the pipeline, the stage and whatever else is known
 * (source, resource, table, load id, file) and ends with a hint to fix it; {@link #context()} holds
 * the same facts for programs. Data already loaded stays loaded, and a package that was being
 * loaded stays on disk for the next run.
 *
 * <p>The message, the context and the cause chain never show a password: URIs in them are masked
 * (see {@link Secrets}). When the message does not already say what the innermost cause says
 * (e.g. "No space left on device", "File name too long"), it ends with that cause.
 */
public class PipelineException extends RuntimeException {
    private final Map<String, String> context;

    public PipelineException(String message, Map<String, String> context, Throwable cause) {
        super(Secrets.maskUris(format(withRootCause(message, cause), context)), Secrets.scrub(cause));
        Map<String, String> masked = new LinkedHashMap<>();
        context.forEach((k, v) -> masked.put(k, Secrets.maskUris(v)));
        this.context = Map.copyOf(masked);
    }

    public PipelineException(String message, Map<String, String> context) {
        this(message, context, null);
    }

    /** Context keys such as {@code pipeline}, {@code stage}, {@code resource}, {@code table}, {@code load_id}. */
    public Map<String, String> context() {
        return context;
    }

    public String stage() {
        return context.getOrDefault("stage", "");
    }

    /**
     * Any failure as one line, for a command line or a log: its message (or class when it has none),
     * ended with the innermost cause when the message does not already say it, URIs masked, line
     * breaks as spaces.
     */
    public static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        if (!(t instanceof PipelineException)) {
            m = withRootCause(m, t.getCause());
        }
        return Secrets.maskUris(m).replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** The message, plus what the innermost cause says when the message does not say it already. */
    private static String withRootCause(String message, Throwable cause) {
        Throwable root = cause;
        for (int i = 0; root != null && root.getCause() != null && root.getCause() != root && i < 50; i++) {
            root = root.getCause();
        }
        if (root == null) {
            return message;
        }
        // a sentence speaks for itself; a bare word (a host, a path) needs its class to say what went wrong
        String name = root.getClass().getSimpleName();
        String says = root.getMessage() == null || root.getMessage().isBlank() ? name
                : root.getMessage().strip().contains(" ") ? root.getMessage().strip()
                : name + ": " + root.getMessage().strip();
        if (message != null && message.contains(says)) {
            return message;
        }
        return message + " (cause: " + says + ")";
    }

    private static String format(String message, Map<String, String> context) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> ordered = new LinkedHashMap<>(context);
        String stage = ordered.remove("stage");
        String pipeline = ordered.remove("pipeline");
        sb.append("Pipeline ").append(pipeline == null ? "?" : pipeline);
        if (stage != null) {
            sb.append(", stage ").append(stage);
        }
        for (Map.Entry<String, String> e : ordered.entrySet()) {
            if (!e.getKey().equals("hint")) {
                sb.append(", ").append(e.getKey().replace('_', ' ')).append(' ').append(e.getValue());
            }
        }
        sb.append(": ").append(message);
        String hint = context.get("hint");
        if (hint != null) {
            sb.append(" Hint: ").append(hint);
        }
        return sb.toString();
    }
}
