package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class YamlTest {
    @Test
    void treesAreWrittenInBlockStyleWithQuotesWhereYamlWouldMisreadAString() throws Exception {
        String json = """
                {"name": "shop", "version": 2, "empty": {}, "none": [], "nothing": null,
                 "tables": {"users": {"columns": {"id": {"data_type": "bigint", "nullable": false}}}},
                 "keys": ["id", "yes", "007", "a: b", "line\\nbreak", ""],
                 "items": [{"a": 1, "b": [true]}, ["x"]]}""";
        String yaml = Yaml.write(new ObjectMapper().readTree(json));
        assertThat(yaml).isEqualTo("""
                name: shop
                version: 2
                empty: {}
                none: []
                nothing: null
                tables:
                  users:
                    columns:
                      id:
                        data_type: bigint
                        nullable: false
                keys:
                - id
                - "yes"
                - "007"
                - "a: b"
                - "line\\nbreak"
                - ""
                items:
                - a: 1
                  b:
                  - true
                - - x
                """);
    }
}
