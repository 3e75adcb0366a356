package dev.dlt4j.progress;

import dev.dlt4j.ProgressCollector;

/** Progress off: every call returns at once. */
final class NullCollector implements ProgressCollector {
    static final NullCollector INSTANCE = new NullCollector();

    private NullCollector() {
    }

    @Override
    public void begin(String title) {
    }

    @Override
    public void end() {
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public boolean isOff() {
        return true;
    }

    @Override
    public void update(String counter, long increment) {
    }

    @Override
    public void total(String counter, long total) {
    }
}
