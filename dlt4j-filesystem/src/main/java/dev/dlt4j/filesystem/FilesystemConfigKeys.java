package dev.dlt4j.filesystem;

import dev.dlt4j.config.ConfigDeclarations;
import dev.dlt4j.config.ConfigKey;
import java.util.List;

/**
 * The filesystem destination's keys, section {@code [destination.filesystem]}; registered in
 * {@code META-INF/services/dev.dlt4j.config.ConfigDeclarations}. A bucket or layout in the
 * destination's URI or set in code wins.
 */
public final class FilesystemConfigKeys implements ConfigDeclarations {
    static final String SECTION = "destination.filesystem";

    public static final ConfigKey<String> BUCKET_URL = ConfigKey.define(SECTION,
            FilesystemDestinationFactory.BUCKET_URL).parsedBy(raw -> {
                if (!(raw instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException();
                }
                FilesystemDestinationFactory.bucketPath(s); // refuses other protocols and host parts now
                return s.trim();
            }, "a local folder: file:///absolute/path, file:relative/path or a plain path")
            .description("The folder datasets are written under, as dlt's bucket_url; only local folders so far."
                    + " Also the filesystem destination's URI (file:///path).").build();

    public static final ConfigKey<String> LAYOUT = ConfigKey.define(SECTION, FilesystemDestinationFactory.LAYOUT)
            .parsedBy(raw -> {
                if (!(raw instanceof String s)) {
                    throw new IllegalArgumentException();
                }
                return new FilesystemLayout(s.trim()).pattern();
            }, "a pattern with {table_name} followed by a separator, and {load_id}, {file_id}, {ext},"
                    + " {schema_name} as dlt's layout")
            .defaultValue(FilesystemLayout.DEFAULT)
            .description("File names under the dataset folder, as dlt's layout. Also ?layout= in the URI.").build();

    @Override
    public String module() {
        return "filesystem";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(BUCKET_URL, LAYOUT);
    }
}
