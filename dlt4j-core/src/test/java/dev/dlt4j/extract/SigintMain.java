package dev.dlt4j.extract;

import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.PipelineStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Child-JVM main of {@link SigintTest}: an extract whose resources block (one on the extracting
 * thread, one in the pool) until SIGINT; prints what the interruption left behind.
 */
public final class SigintMain {
    private SigintMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PipelineStorage storage = new PipelineStorage(dir);
        Resource pooled = Resource.fromIterator("pooled", () -> ExtractTesting.items(2, n -> {
            sleepForever();
            return Map.of("n", n);
        })).parallelized();
        Resource waiting = Resource.fromIterator("waiting", () -> ExtractTesting.items(3, n -> {
            if (n == 2) {
                System.out.println("READY");
                System.out.flush();
                sleepForever();
            }
            return Map.of("n", n);
        }));
        Extractor extractor = new Extractor(storage, "sigint", NamingConvention.snakeCase(),
                DataWriterConfig.DEFAULTS.withBufferMaxItems(1), ExtractConfig.DEFAULTS);
        try {
            extractor.extract(Source.of("src", pooled, waiting), Schema.empty("src"));
            System.out.println("NOT STOPPED");
        } catch (PipelineException e) {
            System.out.println("STOPPED: " + e.getMessage());
        }
        System.out.println("interrupt_flag=" + Thread.currentThread().isInterrupted());
        System.out.println("pool_threads=" + ExtractTesting.livePoolThreads());
        System.out.println("extracted_packages=" + storage.extractedPackages().size());
        try (Stream<Path> s = Files.list(dir.resolve("normalize"))) {
            System.out.println("temp_packages=" + s.filter(p -> !p.getFileName().toString().equals("extracted"))
                    .filter(Files::isDirectory).count());
        }
        // with the JVM's own handler back, a second Ctrl-C ends the JVM as usual (exit code 130)
        System.out.flush();
        sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        Thread.sleep(60_000);
        System.out.println("STILL RUNNING");
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted while fetching", e);
        }
    }
}
