package dev.dlt4j;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Creates transformers: resources fed by the items of a parent resource. The function receives
 * each item the parent yields (a row, or a whole page) and returns one row, a page ({@code List}),
 * an {@code Iterator}/{@code Stream} of items, a deferred item ({@code Callable}, {@code Supplier},
 * {@code Future}) or {@code null} for nothing. Put transformers in a {@link Source} with or without
 * their parent: a parent in the source is written and forked to its transformers, one that is not
 * is still run (once, however many transformers it feeds) but not written.
 *
 * <pre>{@code
 * Resource users = Resource.fromIterator("users", api::userPages);
 * Resource details = Transformer.from("details", users, page -> fetchDetails((List<?>) page)).parallelized();
 * pipeline.run(Source.of("api", users, details));
 * }</pre>
 */
public final class Transformer {
    private Transformer() {
    }

    /** A transformer named {@code <parent>_transformer}. */
    public static Resource from(Resource parent, Function<Object, ?> transform) {
        return from(parent.name() + "_transformer", parent, transform);
    }

    /** A transformer with its own name, which is also its default table name. */
    public static Resource from(String name, Resource parent, Function<Object, ?> transform) {
        return Resource.transformer(name, parent, transform);
    }

    /**
     * A transformer whose function also receives its {@link ResourceContext}: its state, config and,
     * with an {@link Incremental}, the cursor to push into the request. With
     * {@link Incremental#perParent(String)} the function is called once per parent row and the
     * context's {@link ResourceContext#incremental()} is that parent's cursor.
     *
     * <pre>{@code
     * Resource comments = Transformer.withContext("comments", issues, (issue, ctx) -> {
     *     Object since = ctx.incremental().flatMap(IncrementalCursor::startValue).orElse(null);
     *     return api.comments(((Map<?, ?>) issue).get("number"), since);
     * }).incremental(Incremental.on("updated_at").perParent("number"));
     * }</pre>
     */
    public static Resource withContext(String name, Resource parent, BiFunction<Object, ResourceContext, ?> transform) {
        return Resource.transformer(name, parent, transform);
    }
}
