package dev.dlt4j;

import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import dev.dlt4j.log.Logs;

/**
 * Checks what a run asks of a destination against its {@link DestinationCapabilities} and the
 * destination's per-table selectors ({@link Destination#mergeStrategies(Table)} …): before extract
 * for every resource, and again before a package is loaded for every root table (the config may have
 * changed since it was extracted). What the destination cannot do is refused, naming the table, what
 * was asked and what the destination declares. The one exception is declared by the destination:
 * {@code merge} on a table without merge strategies loads as {@code append}, with a warning, when the
 * destination says {@link DestinationCapabilities#mergeFallsBackToAppend()} (dlt's rule for plain
 * files); otherwise it is refused too. Called from the pipeline's thread; holds no state of a run.
 */
final class CapabilityCheck {
    private static final Logger LOG = Logs.get(CapabilityCheck.class);

    private final String pipeline;
    private final Destination destination;
    private final ReplaceStrategy replaceStrategy;
    private final LoaderFileFormat pipelineFormat;
    private final NamingConvention naming;

    CapabilityCheck(String pipeline, Destination destination, ReplaceStrategy replaceStrategy,
            LoaderFileFormat pipelineFormat, NamingConvention naming) {
        this.pipeline = pipeline;
        this.destination = destination;
        this.replaceStrategy = replaceStrategy;
        this.pipelineFormat = pipelineFormat;
        this.naming = naming;
    }

    /**
     * Every resource of the source, before anything is extracted: write disposition and strategy,
     * the job file format of its table, and the hints that can never load ({@link ResourceChecks}).
     * Throws {@link PipelineException} (stage extract) or {@link IllegalArgumentException} for a hint.
     */
    /** {@code known}: the source's schema as stored and as the packages still to normalize have it. */
    void resources(Source source, java.util.List<dev.dlt4j.schema.Schema> known) {
        for (Resource r : source.resources()) {
            Table table = tableOf(r);
            String shown = r.tableNameFunction().isPresent() ? "(the tables of resource " + r.name() + ")"
                    : r.tableName();
            check(table, shown, "extract", Map.of("resource", r.name()), false);
            format(r, table);
            // a resource that declares no key merges by the key its table already has, as in dlt
            boolean storedKey = r.tableNameFunction().isEmpty() && known.stream().flatMap(s -> s.table(table.name())
                    .stream()).anyMatch(t -> !t.primaryKey().isEmpty()
                            || t.columns().values().stream().anyMatch(Column::primaryKey));
            ResourceChecks.check(r, destination, storedKey);
        }
    }

    /** A root table of a package about to be loaded; a merge that falls back to append is logged here, as in dlt. */
    void table(Table root, String loadId) {
        check(root, root.name(), "load", Map.of("load_id", loadId), true);
    }

    /**
     * The root table a resource's hints declare, as the destination's selectors see it before
     * extract. A resource with a table name function gets a table named after the resource.
     */
    private Table tableOf(Resource r) {
        String name = naming.normalizeIdentifier(r.tableNameFunction().isPresent() ? r.name() : r.tableName());
        Table t = Table.root(name, r.name(), r.writeDisposition()).withMergeStrategy(r.mergeStrategy())
                .withKeys(r.primaryKey().stream().map(naming::normalizePath).toList(),
                        r.mergeKey().stream().map(naming::normalizePath).toList());
        for (Column c : r.columns().values()) {
            t = t.withColumn(c.withName(naming.normalizePath(c.name())));
        }
        // a listed key replaces the flags of the resource's own columns, as at extract
        t = t.withDeclaredKeys(t.primaryKey(), t.mergeKey());
        Table hinted = t;
        return r.fileFormat().map(f -> hinted.toBuilder().fileFormat(f).build()).orElse(hinted);
    }

    private void check(Table table, String shown, String stage, Map<String, String> where, boolean warn) {
        DestinationCapabilities caps = destination.capabilities();
        WriteDisposition disposition = table.writeDisposition();
        Set<ReplaceStrategy> replace = destination.replaceStrategies(table);
        Set<MergeStrategy> merge = destination.mergeStrategies(table);
        if (disposition == WriteDisposition.REPLACE) {
            if (replace.isEmpty()) {
                throw refused(stage, where, shown, "write disposition \"replace\" is not supported by destination "
                        + destination.type() + ", which declares " + caps.describe(merge, replace) + ".",
                        "load this table with a write disposition the destination supports, or into another"
                                + " destination.");
            }
            if (!replace.contains(replaceStrategy)) {
                String supported = names(replace, ReplaceStrategy.values(), ReplaceStrategy::configName);
                throw refused(stage, where, shown, "replace_strategy \"" + replaceStrategy + "\" is not supported by"
                        + " destination " + destination.type() + ", which supports replace_strategy: " + supported
                        + ".", "set [destination] replace_strategy (env DESTINATION__REPLACE_STRATEGY) to one of: "
                                + supported + ".");
            }
        }
        if (disposition == WriteDisposition.MERGE) {
            if (merge.isEmpty()) {
                if (!caps.mergeFallsBackToAppend()) {
                    throw refused(stage, where, shown, "write disposition \"merge\" (merge strategy \""
                            + table.mergeStrategy().dltName() + "\") is not supported by destination "
                            + destination.type() + ", which declares " + caps.describe(merge, replace) + ".",
                            "load this table with a write disposition the destination supports, or into a"
                                    + " destination with merge strategies.");
                }
                if (warn) {
                    LOG.warn("Destination {} does not support any merge strategies and `merge` write disposition for"
                            + " table `{}` cannot be met and will fall back to `append`. Change write disposition.",
                            destination.type(), shown);
                }
            } else if (!merge.contains(table.mergeStrategy())) {
                throw refused(stage, where, shown, "merge strategy \"" + table.mergeStrategy().dltName() + "\" is not"
                        + " supported by destination " + destination.type() + ", which supports: "
                        + names(merge, MergeStrategy.values(), MergeStrategy::dltName) + ".",
                        "pick one of them with Resource.merge(MergeStrategy).");
            }
        }
    }

    /**
     * The job file format of the resource's table (its own, else the pipeline's) must be one the destination
     * reads for it.
     */
    private void format(Resource r, Table table) {
        Set<LoaderFileFormat> accepted = destination.supportedFormats(table);
        LoaderFileFormat asked = r.fileFormat().orElse(pipelineFormat);
        if (accepted.contains(asked)) {
            return;
        }
        String supported = names(accepted, LoaderFileFormat.values(), LoaderFileFormat::extension);
        throw new IllegalArgumentException("resource " + r.name() + ": destination " + destination.type()
                + " does not support loader file format " + asked + " for table " + table.name() + "; supported: "
                + supported + (r.fileFormat().isPresent() ? "; set another with Resource.fileFormat(...)"
                        : "; set one of them with Resource.fileFormat(...)"));
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

    private static <E> String names(Set<E> have, E[] all, java.util.function.Function<E, String> name) {
        String s = Arrays.stream(all).filter(have::contains).map(name).collect(Collectors.joining(", "));
        return s.isEmpty() ? "none" : s;
    }
}
