package dev.dlt4j.source.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The files a glob matches, in a fixed order (by relative path, part by part, as a sorted
 * depth-first walk gives them), listed lazily: only the entries of the folders on the current
 * path are held, never the whole listing, so a folder tree of millions of files lists in the memory
 * of its largest single folder. Folders the glob cannot match below are not opened.
 *
 * <p>Failures name the folder: a bucket that does not exist or is not a folder, a folder that
 * cannot be read.
 */
final class FileListing implements Iterator<FileItem> {
    private final FileGlob glob;
    private final FileGlob.Matcher matcher;
    /** One frame per open folder: its sorted entries not yet visited. */
    private final Deque<Frame> stack = new ArrayDeque<>();
    private FileItem next;
    /** A split run's partition reads only these relative paths; empty: every match. */
    private final java.util.Optional<java.util.Set<String>> only;

    private record Frame(List<String> parts, Iterator<Path> entries) {
    }

    FileListing(FileGlob glob) {
        this(glob, java.util.Optional.empty());
    }

    FileListing(FileGlob glob, java.util.Optional<java.util.Set<String>> only) {
        this.glob = glob;
        this.only = only;
        this.matcher = glob.matcher();
        Path bucket = glob.bucket();
        if (!Files.exists(bucket)) {
            throw new IllegalArgumentException("bucket folder " + bucket + " does not exist (glob "
                    + glob.display() + "); check bucket_url");
        }
        if (!Files.isDirectory(bucket)) {
            throw new IllegalArgumentException("bucket_url " + bucket + " is not a folder (glob " + glob.display()
                    + "); give the folder that holds the files, and the file name in the glob");
        }
        stack.push(new Frame(List.of(), sortedEntries(bucket)));
    }

    @Override
    public boolean hasNext() {
        while (next == null && !stack.isEmpty()) {
            Frame top = stack.peek();
            if (!top.entries().hasNext()) {
                stack.pop();
                continue;
            }
            Path entry = top.entries().next();
            List<String> parts = new ArrayList<>(top.parts());
            parts.add(entry.getFileName().toString());
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(entry, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                continue; // deleted since the folder was read
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the attributes of " + entry + ": " + e.getMessage(), e);
            }
            if (attrs.isDirectory()) {
                if (matcher.mayMatchBelow(parts)) {
                    stack.push(new Frame(List.copyOf(parts), sortedEntries(entry)));
                }
            } else if (attrs.isRegularFile() && matcher.matchesFile(parts)
                    && only.map(o -> o.contains(String.join("/", parts))).orElse(true)) {
                next = item(entry, parts, attrs);
            }
        }
        return next != null;
    }

    @Override
    public FileItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FileItem f = next;
        next = null;
        return f;
    }

    private Iterator<Path> sortedEntries(Path folder) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                entries.add(p);
            }
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot list folder " + folder + " (glob " + glob.display()
                    + "): permission denied; give the user running dlt4j read and execute access to it", e);
        } catch (NotDirectoryException e) {
            throw new IllegalArgumentException("cannot list " + folder + " (glob " + glob.display()
                    + "): not a folder", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list folder " + folder + " (glob " + glob.display() + "): "
                    + e, e);
        }
        // by name, byte order of the UTF-16 names: the same on every machine whatever the locale
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return entries.iterator();
    }

    private FileItem item(Path file, List<String> parts, BasicFileAttributes attrs) {
        String name = parts.get(parts.size() - 1);
        String lower = name.toLowerCase(Locale.ROOT);
        Optional<String> encoding = lower.endsWith(".gz") ? Optional.of("gzip") : Optional.empty();
        String typed = encoding.isPresent() ? name.substring(0, name.length() - 3) : name;
        return new FileItem(file, file.toAbsolutePath().toUri().toString(), name, String.join("/", parts),
                mimeType(typed), encoding, attrs.lastModifiedTime().toInstant(), attrs.size());
    }

    /** As dlt's {@code guess_mime_type}: from the name, else {@code application/<extension>}. */
    static String mimeType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return "text/csv";
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return "application/jsonl";
        }
        if (lower.endsWith(".json")) {
            return "application/json";
        }
        if (lower.endsWith(".parquet")) {
            return "application/parquet";
        }
        String guessed = URLConnection.guessContentTypeFromName(name);
        if (guessed != null) {
            return guessed;
        }
        int dot = name.lastIndexOf('.');
        return "application/" + (dot >= 0 && dot < name.length() - 1 ? name.substring(dot + 1) : "octet-stream");
    }

}
