package dev.dlt4j.source.filesystem;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The listing resource's data for one run: pages of at most {@code filesPerPage} file rows, listed
 * lazily. The listing starts at the first {@link #hasNext()}, on the extracting thread, so a folder
 * that is missing or unreadable fails the run that reads it (not the one that declared it). A glob
 * that matches nothing fails at its end, naming the glob, unless empty is allowed.
 */
final class FilePages implements Iterator<List<Map<String, Object>>> {
    private final FileGlob glob;
    private final int filesPerPage;
    private final boolean allowEmpty;
    private final java.util.Optional<java.util.Set<String>> only;
    private FileListing listing;
    private long files;

    FilePages(FileGlob glob, int filesPerPage, boolean allowEmpty) {
        this(glob, filesPerPage, allowEmpty, java.util.Optional.empty());
    }

    FilePages(FileGlob glob, int filesPerPage, boolean allowEmpty, java.util.Optional<java.util.Set<String>> only) {
        this.only = only;
        this.glob = glob;
        this.filesPerPage = filesPerPage;
        this.allowEmpty = allowEmpty;
    }

    @Override
    public boolean hasNext() {
        if (listing == null) {
            listing = new FileListing(glob, only);
        }
        if (listing.hasNext()) {
            return true;
        }
        if (files == 0 && !allowEmpty) {
            files = -1; // report once
            throw new IllegalArgumentException("no file matches " + glob.display() + " (folder " + glob.bucket()
                    + ", glob " + glob.fileGlob() + "); check the path and the glob ('*' stays in one folder, '**'"
                    + " goes into subfolders), or allow an empty match (allow_empty, --allow-empty)");
        }
        return false;
    }

    @Override
    public List<Map<String, Object>> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Map<String, Object>> page = new ArrayList<>(Math.min(filesPerPage, 1024));
        while (page.size() < filesPerPage && listing.hasNext()) {
            page.add(listing.next().toRow());
            files++;
        }
        return page;
    }
}
