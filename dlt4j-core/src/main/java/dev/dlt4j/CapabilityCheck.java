package dev.dlt4j;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.schema.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks what a run asks of a destination against its {@link DestinationCapabilities}: before
 * extract for every resource, and again before a package is loaded (the config may have changed
 * since it was extracted). What the destination cannot do is refused, naming the table, the
 * setting and what the destination supports. The one exception is dlt's: {@code merge} on a
 * destination without merge strategies loads as {@code append}, with a warning.
 */
final class CapabilityCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityCheck.class);

    private final String pipeline;
    private final Destination destination;
    private final ReplaceStrategy replaceStrategy;

    CapabilityCheck(String pipeline, Destination destination, ReplaceStrategy replaceStrategy) {
        this.pipeline = pipeline;
        this.destination = destination;
        this.replaceStrategy = replaceStrategy;
    }

    /** Every resource of the source, before anything is extracted. */
    void resources(Source source) {
        for (Resource r : source.resources()) {
            String table = r.tableNameFunction().isPresent() ? "(the tables of resource " + r.name() + ")"
                    : r.tableName();
            check(table, r.writeDisposition(), r.mergeStrategy(), "extract", Map.of("resource", r.name()), false);
        }
    }

    /** A root table of a package about to be loaded; a merge that falls back to append is logged here, as in dlt. */
    void table(Table root, String loadId) {
        check(root.name(), root.writeDisposition(), root.mergeStrategy(), "load", Map.of("load_id", loadId), true);
    }

    private void check(String table, WriteDisposition disposition, MergeStrategy mergeStrategy, String stage,
            Map<String, String> where, boolean warn) {
        DestinationCapabilities caps = destination.capabilities();
        if (disposition == WriteDisposition.REPLACE && !caps.replaceStrategies().contains(replaceStrategy)) {
            throw refused(stage, where, table, "replace_strategy \"" + replaceStrategy + "\" is not supported by"
                    + " destination " + destination.type() + ", which supports replace_strategy: "
                    + caps.replaceStrategyNames() + ".",
                    "set [destination] replace_strategy (env DESTINATION__REPLACE_STRATEGY) to one of: "
                            + caps.replaceStrategyNames() + ".");
        }
        if (disposition == WriteDisposition.MERGE) {
            if (caps.mergeStrategies().isEmpty()) {
                if (warn) {
                    LOG.warn("Destination {} does not support any merge strategies and `merge` write disposition for"
                            + " table `{}` cannot be met and will fall back to `append`. Change write disposition.",
                            destination.type(), table);
                }
            } else if (!caps.mergeStrategies().contains(mergeStrategy)) {
                throw refused(stage, where, table, "merge strategy \"" + mergeStrategy.dltName() + "\" is not"
                        + " supported by destination " + destination.type() + ", which supports: "
                        + caps.mergeStrategyNames() + ".", "pick one of them with Resource.merge(MergeStrategy).");
            }
        }
    }

    private PipelineException refused(String stage, Map<String, String> where, String table, String message,
            String hint) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("pipeline", pipeline);
        ctx.put("stage", stage);
        ctx.putAll(where);
        ctx.put("table", table);
        ctx.put("hint", hint + " Nothing was " + (stage.equals("extract") ? "extracted." : "loaded; the package"
                + " stays pending."));
        return new PipelineException(message, ctx);
    }
}
