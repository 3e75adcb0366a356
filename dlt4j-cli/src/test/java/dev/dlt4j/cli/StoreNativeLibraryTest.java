package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreNativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void namesTheLibraryAsDuckDbsDriverLooksItUp() {
        assertThat(StoreNativeLibrary.libraryEntry("Linux", "amd64")).contains("libduckdb_java.so_linux_amd64");
        assertThat(StoreNativeLibrary.libraryEntry("Linux", "x86_64")).contains("libduckdb_java.so_linux_amd64");
        assertThat(StoreNativeLibrary.libraryEntry("Linux", "aarch64")).contains("libduckdb_java.so_linux_arm64");
        assertThat(StoreNativeLibrary.libraryEntry("Mac OS X", "aarch64")).contains("libduckdb_java.so_macos_arm64");
        assertThat(StoreNativeLibrary.libraryEntry("Windows 11", "amd64")).contains("libduckdb_java.so_windows_amd64");
        assertThat(StoreNativeLibrary.libraryEntry("Linux", "ppc64le")).isEmpty();
        assertThat(StoreNativeLibrary.libraryEntry("SunOS", "amd64")).isEmpty();
    }

    @Test
    void storesThisPlatformsLibraryUncompressedAndLeavesEveryOtherEntryAsItWas() throws IOException {
        String library = thisPlatformsLibrary();
        byte[] native_ = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(native_);
        for (int i = 0; i < native_.length; i += 3) {
            native_[i] = 0; // compressible, as a real library is
        }
        byte[] text = "dlt4j ".repeat(50_000).getBytes(StandardCharsets.US_ASCII);
        Path jar = jar(library, native_, text);
        ZipEntry textBefore;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry(library).getMethod()).isEqualTo(ZipEntry.DEFLATED);
            textBefore = zip.getEntry("dev/dlt4j/readme.txt");
        }

        StoreNativeLibrary.main(new String[] {jar.toString()});

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry lib = zip.getEntry(library);
            assertThat(lib.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(zip.getInputStream(lib).readAllBytes()).isEqualTo(native_);
            ZipEntry other = zip.getEntry("dev/dlt4j/readme.txt");
            assertThat(other.getMethod()).isEqualTo(ZipEntry.DEFLATED);
            assertThat(other.getCompressedSize()).isEqualTo(textBefore.getCompressedSize());
            assertThat(zip.getInputStream(other).readAllBytes()).isEqualTo(text);
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactlyInAnyOrder(library, "dev/dlt4j/readme.txt");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(jar); // no temporary file left beside it
        }
        // a tool that streams the jar reads every entry too (no data descriptor on the stored entry)
        java.util.Map<String, byte[]> streamed = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                streamed.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(streamed.keySet()).containsExactlyInAnyOrder(library, "dev/dlt4j/readme.txt");
        assertThat(streamed.get(library)).isEqualTo(native_);
        assertThat(streamed.get("dev/dlt4j/readme.txt")).isEqualTo(text);
    }

    @Test
    void leavesAJarWithoutTheLibraryUnchanged() throws IOException {
        Path jar = jar("libduckdb_java.so_no_such_platform", new byte[1000], "x".getBytes(StandardCharsets.US_ASCII));
        byte[] before = Files.readAllBytes(jar);

        StoreNativeLibrary.main(new String[] {jar.toString()});

        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
    }

    private static String thisPlatformsLibrary() {
        Optional<String> entry = StoreNativeLibrary.libraryEntry(System.getProperty("os.name"),
                System.getProperty("os.arch"));
        org.junit.jupiter.api.Assumptions.assumeTrue(entry.isPresent(), "DuckDB ships no library for this platform");
        return entry.get();
    }

    private Path jar(String library, byte[] libraryBytes, byte[] text) throws IOException {
        Path jar = dir.resolve("cli-all.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("dev/dlt4j/readme.txt"));
            out.write(text);
            out.closeEntry();
            out.putNextEntry(new ZipEntry(library));
            out.write(libraryBytes);
            out.closeEntry();
        }
        return jar;
    }
}
