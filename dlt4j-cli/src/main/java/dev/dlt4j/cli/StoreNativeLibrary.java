package dev.dlt4j.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
        withoutDataDescriptor(jar, entry.get());
    }

    /**
     * The zip file system writes the stored entry with its sizes and CRC after the data (a data
     * descriptor, flag bit 3), which {@link java.util.zip.ZipInputStream} refuses for a stored entry
     * ("only DEFLATED entries can have EXT descriptor"): class loaders and {@code ZipFile} read it, a
     * tool that streams the jar does not. This writes the sizes and CRC the central directory holds
     * into the entry's local header, clears the flag in both, and removes the descriptor when it is
     * the last thing before the central directory (where the zip file system puts a rewritten entry).
     */
    static void withoutDataDescriptor(Path jar, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(jar, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size() - EOCD_SIZE;
            ByteBuffer eocd = read(ch, end, EOCD_SIZE);
            if (eocd.getInt(0) != EOCD_SIGNATURE) {
                return; // an archive comment or zip64: not what the shade plugin and the zip file system write
            }
            int entries = eocd.getShort(10) & 0xffff;
            long cenOffset = eocd.getInt(16) & 0xffffffffL;
            long cenSize = eocd.getInt(12) & 0xffffffffL;
            long pos = cenOffset;
            for (int i = 0; i < entries; i++) {
                ByteBuffer cen = read(ch, pos, CEN_SIZE);
                int nameLength = cen.getShort(28) & 0xffff;
                int recordLength = CEN_SIZE + nameLength + (cen.getShort(30) & 0xffff) + (cen.getShort(32) & 0xffff);
                String entryName = StandardCharsets.UTF_8.decode(read(ch, pos + CEN_SIZE, nameLength)).toString();
                int flag = cen.getShort(8) & 0xffff;
                if (!entryName.equals(name) || (flag & DATA_DESCRIPTOR) == 0 || cen.getShort(10) != 0) {
                    pos += recordLength;
                    continue;
                }
                long loc = cen.getInt(42) & 0xffffffffL;
                ByteBuffer local = read(ch, loc, LOC_SIZE);
                short cleared = (short) (flag & ~DATA_DESCRIPTOR);
                ByteBuffer fields = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                fields.putInt(cen.getInt(16)).putInt(cen.getInt(20)).putInt(cen.getInt(24)).flip();
                ch.write(fields, loc + 14); // crc, compressed size, size
                ch.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, cleared), loc + 6);
                ch.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, cleared), pos + 8);
                long dataEnd = loc + LOC_SIZE + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff)
                        + (cen.getInt(20) & 0xffffffffL);
                if (dataEnd + DESCRIPTOR_SIZE == cenOffset && read(ch, dataEnd, 4).getInt(0) == DESCRIPTOR_SIGNATURE) {
                    // the central directory and its end move up over the descriptor
                    ByteBuffer tail = read(ch, cenOffset, (int) (ch.size() - cenOffset));
                    tail.putInt((int) (tail.capacity() - EOCD_SIZE + 16), (int) dataEnd);
                    ch.write(tail, dataEnd);
                    ch.truncate(dataEnd + tail.capacity());
                }
                return;
            }
        }
    }

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int DESCRIPTOR_SIGNATURE = 0x08074b50;
    private static final int EOCD_SIZE = 22;
    private static final int CEN_SIZE = 46;
    private static final int LOC_SIZE = 30;
    private static final int DESCRIPTOR_SIZE = 16;
    private static final int DATA_DESCRIPTOR = 8;

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new java.io.EOFException("the jar ends at " + (at + b.position()));
            }
        }
        return b.flip();
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
