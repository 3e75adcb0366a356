package dev.dlt4j.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {
    private static final List<String> KEYS = List.of("paginator", "params", "path");

    @Test
    void aTypoOfAThirdOfTheNameFindsItCaseIgnored() {
        assertThat(ClosestName.rule().closest("Paginatr", KEYS)).contains("paginator");
        assertThat(ClosestName.rule().hint("pahts", KEYS)).isEqualTo("; did you mean 'path'?");
    }

    @Test
    void aNameFarFromEveryCandidateFindsNothing() {
        assertThat(ClosestName.rule().closest("xyz", KEYS)).isEmpty();
        assertThat(ClosestName.rule().hint("completely_else", KEYS)).isEmpty();
        assertThat(ClosestName.rule().closest("path", List.of())).isEmpty();
    }

    @Test
    void theFloorAndTheCapBoundTheEditsAllowed() {
        // "pat" is one edit from "path": allowed by the floor of two, and by a floor of one
        assertThat(ClosestName.rule().atLeast(1).closest("pat", KEYS)).contains("path");
        // "pa" is two edits from "path": the default floor allows it, a floor of one does not
        assertThat(ClosestName.rule().closest("pa", List.of("path"))).contains("path");
        assertThat(ClosestName.rule().atLeast(1).closest("pa", List.of("path"))).isEmpty();
        // a long name may be a third wrong, unless capped
        assertThat(ClosestName.rule().closest("sslrootcertxyz", List.of("sslrootcert"))).contains("sslrootcert");
        assertThat(ClosestName.rule().atMost(2).closest("sslrootcertxyz", List.of("sslrootcert"))).isEmpty();
    }

    @Test
    void transpositionsCountAsOneEditOnlyWhenAskedFor() {
        ClosestName rule = ClosestName.rule();
        assertThat(rule.distance("cofnig", "config")).isEqualTo(2);
        assertThat(rule.countingTranspositions().distance("cofnig", "config")).isEqualTo(1);
    }

    @Test
    void prefixesAndTiesToTheLongerOnlyWhenAskedFor() {
        List<String> options = List.of("-v", "--verbose", "--version");
        assertThat(ClosestName.rule().closest("--verb", List.of("--verbose-and-more-words"))).isEmpty();
        assertThat(ClosestName.rule().acceptingPrefixes().closest("--verb", List.of("--verbose-and-more-words")))
                .contains("--verbose-and-more-words");
        assertThat(ClosestName.rule().closest("-x", List.of("-a", "-xa"))).contains("-a");
        assertThat(ClosestName.rule().preferringLonger().closest("-x", List.of("-a", "-xa"))).contains("-xa");
        assertThat(ClosestName.rule().closest("--versoin", options)).contains("--version");
    }
}
