package dev.dlt4j.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name a mistyped one was probably meant to be, for the "did you mean" part of an error
 * message: the one of fewest edits (case ignored), when that is few enough to be a typo. The one
 * place the project measures this, so every message (config keys, pipeline files, the CLI, the
 * sources, driver properties, dataset tables) judges a typo the same way; callers that need a
 * different judgement say so with the withers instead of writing their own.
 *
 * <p>By default a name may be wrong in a third of its characters, but always in two
 * ({@code rule()}); {@code "paginatr"} finds {@code "paginator"}, {@code "x"} finds nothing among
 * long names. Ties go to the first candidate. Immutable: each wither returns a new rule.
 */
public final class ClosestName {
    private final int fewestEdits;
    private final int mostEdits;
    private final boolean transpositions;
    private final boolean prefixes;
    private final boolean preferLonger;

    private ClosestName(int fewestEdits, int mostEdits, boolean transpositions, boolean prefixes,
            boolean preferLonger) {
        this.fewestEdits = fewestEdits;
        this.mostEdits = mostEdits;
        this.transpositions = transpositions;
        this.prefixes = prefixes;
        this.preferLonger = preferLonger;
    }

    /** A third of the typed name's characters may be wrong, at least two; no transpositions, no prefixes. */
    public static ClosestName rule() {
        return new ClosestName(2, Integer.MAX_VALUE, false, false, false);
    }

    /** This rule allowing {@code edits} however short the typed name is (the floor of "a third of it"). */
    public ClosestName atLeast(int edits) {
        return new ClosestName(edits, mostEdits, transpositions, prefixes, preferLonger);
    }

    /** This rule allowing no more than {@code edits}, however long the typed name is. */
    public ClosestName atMost(int edits) {
        return new ClosestName(fewestEdits, edits, transpositions, prefixes, preferLonger);
    }

    /** This rule counting two swapped neighbours ({@code "cofnig"}) as one edit, not two. */
    public ClosestName countingTranspositions() {
        return new ClosestName(fewestEdits, mostEdits, true, prefixes, preferLonger);
    }

    /** This rule also accepting a name the typed text (two characters or more) starts exactly. */
    public ClosestName acceptingPrefixes() {
        return new ClosestName(fewestEdits, mostEdits, transpositions, true, preferLonger);
    }

    /** This rule giving a tie to the longer candidate ({@code --verbose} rather than {@code -v}). */
    public ClosestName preferringLonger() {
        return new ClosestName(fewestEdits, mostEdits, transpositions, prefixes, true);
    }

    /** The candidate {@code typed} was probably meant to be, if any is near enough. */
    public Optional<String> closest(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance || (preferLonger && d == bestDistance && best != null && k.length() > best.length())) {
                bestDistance = d;
                best = k;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        boolean prefix = prefixes && best.startsWith(typed) && typed.length() >= 2;
        int allowed = Math.min(mostEdits, Math.max(fewestEdits, typed.length() / 3));
        return prefix || bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} when a candidate is near enough, else the empty text: for the end of a message. */
    public String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(b -> "; did you mean '" + b + "'?").orElse("");
    }

    /** Levenshtein distance, with adjacent transpositions as one edit when this rule counts them. */
    int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (transpositions && i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
