package dev.dlt4j.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NamingConventionTest {
    private final NamingConvention snake = NamingConvention.snakeCase();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "CamelCase|camel_case", "HTTPResponse|http_response", "userID|user_id",
        "getHTTPResponseCode|get_http_response_code", "1st place|_1st_place", "a-b c|a_b_c",
        "price+tax|pricextax", "email@x|emailax", "Col Name!|col_namex", "Ünïcode|_n_code", "dot.ted|dot_ted",
        "already_snake|already_snake", "+1|x1", "-1|_1", "trailing_|trailingx"})
    void identifiersFollowDltSnakeCase(String input, String expected) {
        assertThat(snake.normalizeIdentifier(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"a__b|a__b", "trailing__|trailing", "User__NameX|user__name_x"})
    void pathsAreNormalizedPartByPart(String input, String expected) {
        assertThat(snake.normalizePath(input)).isEqualTo(expected);
    }

    @Test
    void blankKeysBecomeEmptyAndBlankIdentifiersAreAnError() {
        assertThat(snake.normalizePath("  ")).isEqualTo("_empty");
        assertThatThrownBy(() -> snake.normalizeIdentifier(" ")).hasMessageContaining("cannot be empty");
    }

    @Test
    void longNamesAreShortenedToTheLimitWithAStableTag() {
        NamingConvention pg = new NamingConvention(63);
        String longName = "a_very_long_column_name_that_goes_on_and_on_and_on_beyond_what_postgres_allows";
        String shortened = pg.normalizeIdentifier(longName);
        assertThat(shortened).hasSize(63).startsWith("a_very_long").endsWith("allows");
        assertThat(new NamingConvention(63).normalizeIdentifier(longName)).isEqualTo(shortened);
        assertThat(pg.normalizeIdentifier(longName + "x")).isNotEqualTo(shortened);
    }
}
