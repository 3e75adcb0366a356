package dev.dlt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The command line's JSON mapper, in a class of its own so that it is built on first use: picocli
 * creates every command object at start-up, and a mapper in a command's static field would load
 * Jackson (some 370 classes) for {@code dlt4j --help} too.
 */
final class CliJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private CliJson() {
    }
}
