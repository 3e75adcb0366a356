package dev.dlt4j.source.rest;

import dev.dlt4j.MergeHints;
import dev.dlt4j.WriteDisposition;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One resource of the source as resolved from the settings (dlt's {@code EndpointResource}). Immutable. */
record ResourceSpec(String name, String settingsPath, EndpointSpec endpoint, Optional<String> tableName,
        List<String> primaryKey, List<String> mergeKey, Optional<WriteDisposition> writeDisposition,
        Optional<MergeHints> merge, Optional<Integer> maxTableNesting, boolean selected,
        boolean parallelized, List<String> includeFromParent, Optional<ParentRef> parent, List<Step> steps) {

    /** A processing step: {@code filter} keeps the rows for which it is true, {@code map} replaces a row. */
    sealed interface Step permits Filter, MapStep {
    }

    record Filter(java.util.function.Predicate<Object> predicate) implements Step {
    }

    record MapStep(Function<Object, ?> mapper) implements Step {
    }
}
