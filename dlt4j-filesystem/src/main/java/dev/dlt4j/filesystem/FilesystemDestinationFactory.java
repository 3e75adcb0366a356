package dev.dlt4j.filesystem;

import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationFactory;
import dev.dlt4j.LoaderFileFormat;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Creates filesystem destinations from {@code file:///abs/path/to/lake}, {@code file:relative/lake},
 * or the bare name {@code filesystem}, which takes the bucket from the pipeline's config when it
 * runs, as dlt does: {@code [destination.filesystem] bucket_url} (env
 * {@code DESTINATION__FILESYSTEM__BUCKET_URL}). Options as URI query parameters (they win) or in
 * that section: {@code layout}; and {@code format} ({@code jsonl}, {@code csv} or {@code parquet}) as
 * a URI parameter.
 */
public final class FilesystemDestinationFactory implements DestinationFactory {
    static final String BUCKET_URL = "bucket_url";
    static final String LAYOUT = "layout";
    static final String BUCKET_ENV = "DESTINATION__FILESYSTEM__BUCKET_URL";

    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public boolean accepts(String scheme) {
        return scheme.equals("filesystem") || scheme.equals("file");
    }

    @Override
    public Destination create(String nameOrUri) {
        String spec = nameOrUri.trim();
        String query = "";
        int q = spec.indexOf('?');
        if (q >= 0) {
            query = spec.substring(q + 1);
            spec = spec.substring(0, q);
        }
        FilesystemDestination d = spec.equalsIgnoreCase("filesystem") ? FilesystemDestination.fromConfig()
                : FilesystemDestination.at(bucketPath(spec));
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (key) {
                    case "layout" -> d = d.withLayout(value);
                    case "format" -> d = d.withFormat(LoaderFileFormat.fromName(value));
                    default -> throw new IllegalArgumentException("filesystem destination '" + nameOrUri
                            + "' has unknown parameter '" + key + "'; allowed: layout, format");
                }
            }
        }
        return d;
    }

    /** A local path from {@code file:///abs}, {@code file:rel} or a plain path; other protocols are refused. */
    static Path bucketPath(String bucketUrl) {
        String s = bucketUrl.trim();
        int colon = s.indexOf("://");
        if (colon > 0 && !s.regionMatches(true, 0, "file://", 0, 7)) {
            throw new IllegalArgumentException("bucket '" + s + "': only local folders (file://) are supported"
                    + " by dlt4j's filesystem destination so far");
        }
        if (s.regionMatches(true, 0, "file://", 0, 7)) {
            String rest = s.substring(7);
            if (!rest.startsWith("/")) {
                throw new IllegalArgumentException("bucket '" + s + "' has a host part; use file:///absolute/path"
                        + " or file:relative/path");
            }
            return Paths.get(URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        if (s.regionMatches(true, 0, "file:", 0, 5)) {
            s = s.substring(5);
        }
        if (s.isBlank()) {
            throw new IllegalArgumentException("bucket '" + bucketUrl + "' names no folder");
        }
        return Paths.get(s);
    }
}
