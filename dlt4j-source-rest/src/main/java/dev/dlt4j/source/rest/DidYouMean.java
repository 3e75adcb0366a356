package dev.dlt4j.source.rest;

import dev.dlt4j.config.ClosestName;
import java.util.Collection;

/** The closest known name to a mistyped one, for error messages. */
final class DidYouMean {
    private DidYouMean() {
    }

    /** {@code "; did you mean 'x'?"} when a known name is close enough, else the empty text. */
    static String suggest(String typed, Collection<String> known) {
        // a third of the name may be wrong: "paginatr" finds "paginator", "x" finds nothing
        return ClosestName.rule().atLeast(1).hint(typed, known);
    }
}
