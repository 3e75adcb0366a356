package dev.dlt4j.spi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Paths built from names (pipeline, source and schema, dataset, table, resource) stay inside their
 * root: a name that would leave it ({@code /abs}, {@code ..}, {@code a/../../b}) or that no file
 * system can hold (a separator, a NUL, more than {@value #MAX_NAME_BYTES} bytes) is refused with an
 * error naming what the name is, the name and what is allowed, before anything is written. Checked
 * wherever such a path is built, whatever normalized the name before (defense in depth).
 */
public final class SafePaths {
    /** The longest file name (in UTF-8 bytes) of the common file systems (ext4, xfs, btrfs, APFS). */
    public static final int MAX_NAME_BYTES = 255;

    private SafePaths() {
    }

    /**
     * Checks that {@code name} followed by {@code suffix} can be one file or folder name, and returns
     * {@code name}. {@code what} says what the name is, e.g. {@code "source name"}.
     *
     * @throws IllegalArgumentException naming the name and the rule it breaks
     */
    public static String segment(String name, String suffix, String what) {
        String problem = null;
        if (name == null || name.isEmpty()) {
            problem = "is empty";
        } else if (name.equals(".") || name.equals("..")) {
            problem = "names the current or the parent folder";
        } else if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            problem = "holds a path separator ('/' or '\\')";
        } else if (name.indexOf('\0') >= 0) {
            problem = "holds a NUL character";
        } else {
            int bytes = (name + suffix).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                problem = "makes a file name of " + bytes + " bytes" + (suffix.isEmpty() ? "" : " (with '" + suffix
                        + "')") + ", longer than the " + MAX_NAME_BYTES + " bytes file systems allow";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + shown(name) + "' cannot name a file or folder: it "
                    + problem + "; use a name of letters, digits and '_' of at most "
                    + (MAX_NAME_BYTES - suffix.length()) + " characters");
        }
        return name;
    }

    /** {@code root/name}, with {@code name} checked by {@link #segment} and the result checked to be inside root. */
    public static Path child(Path root, String name, String what) {
        segment(name, "", what);
        return inside(root, root.resolve(name), what + " '" + name + "'");
    }

    /**
     * {@code path}, when it normalizes to a path inside {@code root}.
     *
     * @throws IllegalArgumentException naming {@code what} and both paths otherwise
     */
    public static Path inside(Path root, Path path, String what) {
        Path r = root.toAbsolutePath().normalize();
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(r) || p.equals(r)) {
            throw new IllegalArgumentException(what + " leads to " + p + ", outside its folder " + r
                    + "; use a plain name without '/', '\\' or '..'");
        }
        return path;
    }

    /** A long name shortened for a message: its start, its length. */
    private static String shown(String name) {
        if (name == null) {
            return "null";
        }
        return name.length() <= 80 ? name : name.substring(0, 60) + "…(" + name.length() + " characters)";
    }
}
