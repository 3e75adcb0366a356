package dev.dlt4j;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The stages of a pipeline running now (two at once when a package loads while the next one
 * normalizes), so that a shutdown hook can say which stage an interrupted run stopped in and where
 * its package is kept. Written by the stages' threads, read by the hook's.
 */
final class RunningStages {
    private final List<Stage> stages = new CopyOnWriteArrayList<>();

    /** A stage started at {@code startedAt}, on package {@code loadId} (extract has none yet). */
    record Stage(String name, Optional<String> loadId, Instant startedAt) {
        /** Where the package of this stage waits, relative to the working folder. */
        private String kept() {
            return (name.equals("normalize") ? "normalize/extracted/" : "load/normalized/") + loadId.orElse("");
        }

        /** What the user reads on stderr and the trace records. */
        String message(String pipeline, Path workingDir) {
            if (name.equals("extract")) {
                return "pipeline " + pipeline + " was interrupted during extract; nothing of this extract was kept (its"
                        + " data is extracted again by the next run), packages extracted before are kept in "
                        + workingDir + " and the next run of pipeline " + pipeline + " finishes them";
            }
            String pkg = loadId.orElse("?");
            return "pipeline " + pipeline + " was interrupted during " + name + " of package " + pkg
                    + "; the package is kept in " + workingDir.resolve(kept())
                    + (name.equals("load") ? " (jobs already loaded are not loaded again)" : "")
                    + " and the next run of pipeline " + pipeline + " finishes it";
        }
    }

    Stage start(String name, Optional<String> loadId) {
        Stage s = new Stage(name, loadId, Instant.now());
        stages.add(s);
        return s;
    }

    void end(Stage stage) {
        stages.remove(stage);
    }

    /** The stages running now, earliest in the flow first (normalize of package N+1 while N loads). */
    List<Stage> current() {
        return stages.stream().sorted(Comparator.comparingInt(s -> List.of("extract", "normalize", "load")
                .indexOf(s.name()))).toList();
    }
}
