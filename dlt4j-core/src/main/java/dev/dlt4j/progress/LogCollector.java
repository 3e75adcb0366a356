package dev.dlt4j.progress;

import dev.dlt4j.ProgressCollector;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Prints one block per stage: the title, a line per counter, and a line with the process's
 * memory (RSS, heap used and committed), CPU % and elapsed time. A block is printed on an update
 * when {@code period} has passed since the last one (there is no timer thread, as in dlt: a stage
 * that makes no progress prints nothing) and always when the stage ends.
 */
final class LogCollector implements ProgressCollector {
    static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    private final long periodNanos;
    private final Consumer<String> sink;
    private StageCounters stage;
    private long lastDumpNanos;
    private SystemStats lastStats;

    LogCollector(Duration period, Consumer<String> sink) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("progress log period must not be negative, got " + period);
        }
        this.periodNanos = period.toNanos();
        this.sink = sink;
    }

    /** The SLF4J logger when a provider is bound, else stderr (SLF4J would drop the lines silently). */
    static Consumer<String> defaultSink() {
        if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
            return block -> {
                System.err.print(block);
                System.err.flush();
            };
        }
        Logger log = LoggerFactory.getLogger("dlt4j.progress");
        return block -> log.info("\n{}", block.stripTrailing());
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public synchronized void begin(String title) {
        stage = new StageCounters(title);
        lastDumpNanos = stage.startNanos;
        lastStats = stage.startStats;
    }

    @Override
    public synchronized void update(String counter, long increment) {
        if (stage == null) {
            return;
        }
        stage.counter(counter).count += increment;
        maybeDump();
    }

    @Override
    public synchronized void total(String counter, long total) {
        if (stage == null) {
            return;
        }
        stage.counter(counter).total = total;
    }

    @Override
    public synchronized void end() {
        if (stage == null) {
            return;
        }
        dump();
        stage = null;
    }

    private void maybeDump() {
        if (System.nanoTime() - lastDumpNanos >= periodNanos) {
            dump();
        }
    }

    private void dump() {
        SystemStats now = SystemStats.sample();
        StringBuilder sb = new StringBuilder(stage.header()).append('\n');
        for (StageCounters.Counter c : stage.counters()) {
            sb.append(stage.line(c, now.wallNanos())).append('\n');
        }
        sb.append(StageCounters.statsLine(now, lastStats, stage.startNanos)).append('\n');
        lastDumpNanos = now.wallNanos();
        lastStats = now;
        sink.accept(sb.toString());
    }
}
