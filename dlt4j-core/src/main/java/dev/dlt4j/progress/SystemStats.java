package dev.dlt4j.progress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One sample of the process: CPU time (for a CPU % between two samples), heap used and committed,
 * and resident memory from {@code /proc/self/status} where that file exists (Linux).
 */
record SystemStats(long wallNanos, OptionalLong cpuNanos, long heapUsed, long heapCommitted, OptionalLong rssBytes) {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    static SystemStats sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new SystemStats(System.nanoTime(), processCpuNanos(), heap.getUsed(), heap.getCommitted(), rss());
    }

    /**
     * Process CPU % between {@code earlier} and this sample, as top shows it: 100% is one core
     * busy, so a parallel stage can show more than 100%.
     */
    OptionalDouble cpuPercentSince(SystemStats earlier) {
        long wall = wallNanos - earlier.wallNanos;
        // below 10 ms the CPU clock's granularity makes the percentage noise
        if (cpuNanos.isEmpty() || earlier.cpuNanos.isEmpty() || wall < 10_000_000L) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * (cpuNanos.getAsLong() - earlier.cpuNanos.getAsLong()) / wall);
    }

    private static OptionalLong processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
        }
        return OptionalLong.empty();
    }

    static OptionalLong rss() {
        if (!Files.isReadable(PROC_STATUS)) {
            return OptionalLong.empty();
        }
        try {
            return parseVmRss(Files.readAllLines(PROC_STATUS));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code VmRSS:   123456 kB} to bytes. */
    static OptionalLong parseVmRss(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return OptionalLong.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
            }
        }
        return OptionalLong.empty();
    }
}
