package dev.dlt4j.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a pipeline's working folder, held for the length of a run: a second run of
 * the same pipeline (another process, or another pipeline object in this one) fails at once,
 * naming the process that holds it. The lock is the operating system's, so a killed process
 * releases it.
 */
public final class PipelineLock implements AutoCloseable {
    public static final String FILE = "pipeline.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private PipelineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails with {@link PipelineLockedException}. */
    public static PipelineLock acquire(Path workingDir, String pipelineName) {
        Path file = workingDir.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = holder(file);
                ch.close();
                throw new PipelineLockedException(pipelineName, holder, file);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
            return new PipelineLock(ch, l);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new StorageException("cannot lock the working folder " + workingDir, e);
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.UTF_8).trim();
            return pid.isEmpty() ? "unknown" : pid;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot release the pipeline lock", e);
        }
    }

    /** Another run holds the pipeline's working folder. */
    public static final class PipelineLockedException extends StorageException {
        private final String holderPid;

        PipelineLockedException(String pipeline, String holderPid, Path file) {
            super("Pipeline " + pipeline + " is already running in process " + holderPid + " (lock " + file
                    + "). Hint: wait for that run to finish or stop it; two runs of one pipeline must not overlap.");
            this.holderPid = holderPid;
        }

        public String holderPid() {
            return holderPid;
        }
    }
}
