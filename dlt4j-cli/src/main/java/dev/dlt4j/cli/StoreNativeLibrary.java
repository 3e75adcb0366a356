package dev.dlt4j.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A step of the build, run once on the shaded jar before its class-data archive is made (see the
 * exec plugin in the pom): rewrites DuckDB's native library for the platform the build runs on as a
 * stored (uncompressed) entry of the jar. DuckDB's driver copies that library out of the jar into a
 * temporary file in every JVM that opens a database; inflating its 68 MB cost about 0.3 CPU seconds
 * per start (a third of {@code pipeline show}'s start, and the second core's time while a run
 * extracts), copying a stored entry a fraction of that. The jar stays one file that runs on its own;
 * it grows by the compressed size saved (~45 MB on Linux x86-64). The other platforms' libraries
 * stay compressed. A platform DuckDB ships no library for leaves the jar as it is.
 */
final class StoreNativeLibrary {
    private StoreNativeLibrary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: StoreNativeLibrary <shaded jar>");
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        Optional<String> entry = libraryEntry(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (entry.isEmpty()) {
            return;
        }
        // zipfs copies the entries it does not touch as they are, and writes the one replaced below stored
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()),
                Map.of("compressionMethod", "STORED"))) {
            Path inJar = zip.getPath("/" + entry.get());
            if (!Files.exists(inJar)) {
                return;
            }
            Path tmp = Files.createTempFile(jar.getParent(), "duckdb-native", ".tmp");
            try {
                Files.copy(inJar, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(tmp, inJar, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * The entry DuckDB's driver loads on this platform ({@code org.duckdb.DuckDBNative}'s naming:
     * {@code libduckdb_java.so_<os>_<arch>}), empty for a platform it ships no library for.
     */
    static Optional<String> libraryEntry(String osName, String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT).trim();
        arch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> "";
        };
        String os = osName.toLowerCase(Locale.ROOT).trim();
        os = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macos" : os.startsWith("linux") ? "linux"
                : "";
        if (arch.isEmpty() || os.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("libduckdb_java.so_" + os + "_" + arch);
    }
}
