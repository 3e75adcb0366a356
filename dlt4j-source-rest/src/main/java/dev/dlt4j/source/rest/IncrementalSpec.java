package dev.dlt4j.source.rest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code endpoint.incremental} as configured: dlt's {@code IncrementalConfig} keys ({@code cursor_path},
 * {@code initial_value}, {@code end_value}, {@code start_param}, {@code end_param}, {@code last_value_func},
 * {@code primary_key}, {@code row_order}, {@code on_cursor_value_missing}, {@code lag},
 * {@code range_start}, {@code range_end}) and dlt4j's date-window mode ({@code window_size},
 * {@code lookback}): with a window size, the run requests one window after the other,
 * {@code start_param} = window start and {@code end_param} = window end, from the cursor's start
 * value (less {@code lookback}) up to {@code end_value} or now. On a child resource, dlt4j's
 * {@code per_parent} (a field of the parent's items) keeps one cursor per parent item instead of
 * dlt's one cursor per resource (dlt#2429). Immutable.
 */
record IncrementalSpec(String cursorPath, Optional<Object> initialValue, Optional<Object> endValue,
        Optional<String> startParam, Optional<String> endParam, Optional<String> lastValueFunc,
        List<String> primaryKey, Optional<String> rowOrder, Optional<String> onCursorValueMissing,
        Optional<Double> lag, Optional<String> rangeStart, Optional<String> rangeEnd,
        Optional<Duration> windowSize, Optional<Duration> lookback, Optional<String> perParent) {

    static final List<String> KEYS = List.of("cursor_path", "initial_value", "end_value", "start_param", "end_param",
            "last_value_func", "primary_key", "row_order", "on_cursor_value_missing", "lag", "range_start",
            "range_end", "window_size", "lookback", "per_parent", "allow_external_schedulers");

    boolean windowed() {
        return windowSize.isPresent();
    }

    String describe() {
        StringBuilder sb = new StringBuilder("incremental on ").append(cursorPath);
        initialValue.ifPresent(v -> sb.append(" from ").append(v));
        endValue.ifPresent(v -> sb.append(" to ").append(v));
        startParam.ifPresent(p -> sb.append(", start in param ").append(p));
        endParam.ifPresent(p -> sb.append(", end in param ").append(p));
        windowSize.ifPresent(w -> sb.append(", windows of ").append(w));
        lookback.ifPresent(l -> sb.append(", lookback ").append(l));
        perParent.ifPresent(k -> sb.append(", one cursor per parent ").append(k));
        return sb.toString();
    }
}
