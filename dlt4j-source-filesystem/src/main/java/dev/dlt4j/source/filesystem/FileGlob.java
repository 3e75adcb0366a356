package dev.dlt4j.source.filesystem;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bucket url (a local folder) and a glob relative to it, as dlt's {@code filesystem(bucket_url,
 * file_glob)}: {@code *}, {@code ?}, {@code [..]} and {@code {a,b}} match within one path part,
 * {@code **} matches any number of folders (none included), so {@code **}{@code /*.csv} also
 * matches {@code a.csv} at the top.
 *
 * @param bucket the folder {@code relative_path} is relative to
 * @param pattern the glob's parts, split at {@code /}
 */
record FileGlob(Path bucket, String bucketUrl, List<String> pattern) {

    FileGlob {
        pattern = List.copyOf(pattern);
    }

    /** The glob as written, relative to the bucket. */
    String fileGlob() {
        return String.join("/", pattern);
    }

    /** The url and glob as one string, e.g. {@code file:///data/events/*.jsonl.gz}. */
    String display() {
        return bucketUrl + (bucketUrl.endsWith("/") ? "" : "/") + fileGlob();
    }

    /**
     * A url or path whose glob starts at the first part with a wildcard: {@code file:///data/**}{@code /*.csv}
     * is bucket {@code /data} and glob {@code **}{@code /*.csv}. Without a wildcard, a folder means
     * every file in it ({@code *}, dlt's default glob) and a file means that file.
     */
    static FileGlob parse(String urlWithGlob) {
        Path path = localPath(urlWithGlob);
        String text = path.toString().replace('\\', '/');
        List<String> parts = List.of(text.split("/", -1));
        int first = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (hasWildcard(parts.get(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            if (java.nio.file.Files.isRegularFile(path)) {
                Path parent = path.getParent();
                return of(parent, List.of(path.getFileName().toString()));
            }
            return of(path, List.of("*"));
        }
        String bucket = String.join("/", parts.subList(0, first));
        return of(Path.of(bucket.isEmpty() ? "/" : bucket), parts.subList(first, parts.size()));
    }

    /** A bucket url (folder) and a glob relative to it, as dlt's two arguments. */
    static FileGlob of(String bucketUrl, String fileGlob) {
        if (fileGlob.isBlank()) {
            throw new IllegalArgumentException("file_glob is empty; give a glob such as '*.csv' or '**/*.jsonl.gz'");
        }
        if (fileGlob.startsWith("/")) {
            throw new IllegalArgumentException("file_glob '" + fileGlob + "' must be relative to bucket_url '"
                    + bucketUrl + "' (no leading /)");
        }
        return of(localPath(bucketUrl), List.of(fileGlob.split("/")));
    }

    private static FileGlob of(Path bucket, List<String> pattern) {
        Path abs = bucket.toAbsolutePath().normalize();
        List<String> parts = new ArrayList<>();
        for (String p : pattern) {
            if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            parts.add("*");
        }
        String url = abs.toUri().toString();
        return new FileGlob(abs, url.endsWith("/") && url.length() > "file:///".length()
                ? url.substring(0, url.length() - 1) : url, parts);
    }

    /** A {@code file://} url or a plain path, as dlt takes both; other schemes are not local. */
    static Path localPath(String url) {
        String u = url.trim();
        if (u.isEmpty()) {
            throw new IllegalArgumentException("bucket_url is empty; give a folder such as file:///data/events");
        }
        if (u.regionMatches(true, 0, "file://", 0, 7)) {
            String rest = u.substring(7);
            if (!rest.startsWith("/")) {
                // file://relative/path: dlt resolves it against the working directory
                return Path.of(rest);
            }
            // the path may hold glob characters a URI parser rejects, so only %-escapes are decoded
            return Path.of(decode(rest));
        }
        int colon = u.indexOf("://");
        if (colon > 0) {
            throw new IllegalArgumentException("bucket_url '" + u + "' uses scheme '" + u.substring(0, colon)
                    .toLowerCase(Locale.ROOT) + "', which dlt4j's filesystem source does not read; allowed: file://"
                    + " urls and local paths");
        }
        return Path.of(u);
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return URI.create("file://" + s.replace(" ", "%20").replace("*", "%2A").replace("?", "%3F")
                .replace("[", "%5B").replace("]", "%5D").replace("{", "%7B").replace("}", "%7D")).getPath();
    }

    static boolean hasWildcard(String part) {
        return part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('[') >= 0 || part.indexOf('{') >= 0;
    }

    /** Matches relative paths (parts) against the glob. */
    Matcher matcher() {
        return new Matcher(pattern);
    }

    static final class Matcher {
        private final List<String> pattern;
        private final PathMatcher[] parts;

        Matcher(List<String> pattern) {
            this.pattern = pattern;
            this.parts = new PathMatcher[pattern.size()];
            for (int i = 0; i < pattern.size(); i++) {
                String p = pattern.get(i);
                if (!p.equals("**")) {
                    parts[i] = FileSystems.getDefault().getPathMatcher("glob:" + p);
                }
            }
        }

        /** True when a file at these relative path parts matches the whole glob. */
        boolean matchesFile(List<String> path) {
            return match(0, path, 0, false);
        }

        /** True when files below a folder at these parts may match, so the folder is worth listing. */
        boolean mayMatchBelow(List<String> folder) {
            return match(0, folder, 0, true);
        }

        private boolean match(int pi, List<String> path, int di, boolean prefix) {
            if (di == path.size()) {
                if (prefix) {
                    return pi < pattern.size();
                }
                return pi == pattern.size();
            }
            if (pi == pattern.size()) {
                return false;
            }
            if (parts[pi] == null) { // "**": no folder, or one more folder
                if (match(pi + 1, path, di, prefix)) {
                    return true;
                }
                if (pi == pattern.size() - 1 && !prefix) {
                    return true; // a trailing "**" matches every file below
                }
                return match(pi, path, di + 1, prefix);
            }
            return parts[pi].matches(Path.of(path.get(di))) && match(pi + 1, path, di + 1, prefix);
        }
    }
}
