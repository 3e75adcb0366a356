package dev.dlt4j.cli;

import dev.dlt4j.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j pipeline <name> show}: the tables of the pipeline's dataset and their row counts, read
 * from the destination (dlt's {@code show} opens a web dashboard; this prints the summary).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show the tables of the pipeline's dataset with their row counts, read from the destination.",
                "The destination and dataset are those of the pipeline's newest package unless given."})
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    PipelineCommand parent;
    @Spec
    CommandSpec spec;

    @Mixin
    PipelineReader.Overrides overrides;

    @Override
    public Integer call() {
        Path dir = parent.workingDir(spec);
        Pipeline p = overrides.open(parent, dir);
        SortedMap<String, Long> counts = p.dataset().rowCounts();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Found pipeline " + parent.name + " in " + dir);
        out.println("Destination: " + p.destination().type() + " " + p.destinationLocation());
        out.println("Dataset: " + p.dataset().name());
        if (counts.isEmpty()) {
            out.println("No tables: nothing was loaded into this dataset yet.");
        } else {
            out.printf(Locale.ROOT, "  %-40s %14s%n", "table", "rows");
            for (boolean system : new boolean[] {false, true}) {
                for (Map.Entry<String, Long> e : counts.entrySet()) {
                    if (e.getKey().startsWith("_dlt") == system) {
                        out.printf(Locale.ROOT, "  %-40s %,14d%n", e.getKey(), e.getValue());
                    }
                }
            }
            out.println("'dlt4j pipeline " + parent.name + " query \"SELECT * FROM <table> LIMIT 10\"' shows rows.");
        }
        out.flush();
        return 0;
    }
}
