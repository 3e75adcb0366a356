package dev.dlt4j.normalize;

import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Creates new job files for the table writers. Several normalize workers write job files of the
 * same table into one package at once; creating each file exclusively (and drawing a new file id
 * when the name is taken) makes sure no two writers ever share a file.
 */
final class JobFiles {
    private JobFiles() {
    }

    /** A freshly created job file and the (possibly gzip'd) stream that writes it. */
    record NewJob(JobFileName name, OutputStream out) {
    }

    static NewJob create(LoadPackage pkg, String table, String extension, boolean gzip) throws IOException {
        while (true) {
            JobFileName name = JobFileName.create(table, extension, gzip);
            OutputStream raw;
            try {
                raw = Files.newOutputStream(pkg.jobPath(JobState.NEW, name), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException taken) {
                continue; // another writer drew the same random id
            }
            return new NewJob(name, Compression.open(raw, gzip));
        }
    }
}
