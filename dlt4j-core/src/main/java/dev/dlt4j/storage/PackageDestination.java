package dev.dlt4j.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The destination and dataset a load package was made for, kept in the package as
 * {@value #FILE} from extract on: a package belongs to them, and a run against another
 * destination or dataset must not load it. {@code destination} identifies the place without any
 * secret (a database file, {@code postgresql://host:port/database}, a bucket folder).
 */
public record PackageDestination(String destinationType, String destination, String datasetName) {
    public static final String FILE = "destination.json";

    /** The binding of a package; empty for packages made before packages were bound. */
    public static Optional<PackageDestination> of(LoadPackage pkg) {
        if (!pkg.hasFile(FILE)) {
            return Optional.empty();
        }
        JsonNode n = pkg.readJson(FILE);
        return Optional.of(new PackageDestination(n.path("destination_type").asText(),
                n.path("destination").asText(), n.path("dataset_name").asText()));
    }

    public ObjectNode toJson() {
        return LoadPackage.MAPPER.createObjectNode().put("destination_type", destinationType)
                .put("destination", destination).put("dataset_name", datasetName);
    }

    /** {@code duckdb /data/shop.duckdb, dataset shop_data}: for messages. */
    @Override
    public String toString() {
        return destinationType + " " + destination + ", dataset " + datasetName;
    }
}
