package dev.dlt4j;

import dev.dlt4j.storage.PipelineStorage;

/**
 * Where a pipeline's state comes from, for {@link Pipeline}: the state of the last loaded package
 * (the pipeline's state), and the state a new extract continues from. Nothing here writes state:
 * extract writes it into its package, and the load stage's commit
 * ({@link PipelineStorage#markLoaded}) makes it the pipeline's. Called on the thread that runs a
 * stage, under the working folder's lock.
 */
final class PipelineStates {
    private final PipelineStorage storage;
    private final String pipelineName;
    private final String datasetName;
    private final String destinationType;

    PipelineStates(PipelineStorage storage, String pipelineName, String datasetName, String destinationType) {
        this.storage = storage;
        this.pipelineName = pipelineName;
        this.datasetName = datasetName;
        this.destinationType = destinationType;
    }

    /** The state of the last loaded package; the initial state (version 0) before any package loaded. */
    PipelineState loaded() {
        return storage.state().orElseGet(() -> PipelineState.initial(pipelineName, datasetName));
    }

    /**
     * The state an extract of {@code sourceName} continues from: that of the newest package still
     * waiting to load, else the loaded one, bound to this pipeline's dataset, the source's schema
     * and the destination. Continuing from a pending package keeps the versions in load order: when
     * the packages load, oldest first, each one's state follows the one before.
     */
    PipelineState forExtract(String sourceName) {
        return storage.pendingState().orElseGet(this::loaded).boundTo(datasetName, sourceName, destinationType);
    }
}
