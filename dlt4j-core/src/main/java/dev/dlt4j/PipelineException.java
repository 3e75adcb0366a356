package dev.dlt4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pipeline step failed. The message names the pipeline, the stage and whatever else is known
 * (source, resource, table, load id, file) and ends with a hint to fix it; {@link #context()} holds
 * the same facts for programs. Data already loaded stays loaded, and a package that was being
 * loaded stays on disk for the next run.
 */
public class PipelineException extends RuntimeException {
    private final Map<String, String> context;

    public PipelineException(String message, Map<String, String> context, Throwable cause) {
        super(format(message, context), cause);
        this.context = Map.copyOf(context);
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
