package dev.dlt4j.cli;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Relation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dlt4j pipeline <name> query "SELECT ..."}: runs SQL on the pipeline's dataset (its tables
 * named unqualified) and prints the rows as a table, through {@code Pipeline.dataset()}.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run a SQL query on the pipeline's dataset and print the rows as a table.",
                "Tables are named unqualified: dlt4j pipeline shop query \"SELECT * FROM orders\"."})
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    PipelineCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SQL", description = "The query, in the destination's SQL.")
    String sql;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
            description = "Print at most N rows (default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    PipelineReader.Overrides overrides;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 1 or more, not "
                    + limit);
        }
        Path dir = parent.workingDir(spec);
        Pipeline p = overrides.open(parent, dir);
        Relation relation = p.dataset().query(sql);
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean more;
        // the stream reads lazily (in fetches), so a large result stops being read after limit + 1 rows
        try (Stream<Map<String, Object>> stream = relation.rows()) {
            stream.limit(limit + 1L).forEach(rows::add);
        }
        more = rows.size() > limit;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        List<String> columns = rows.isEmpty() ? relation.columnNames() : new ArrayList<>(rows.get(0).keySet());
        PrintWriter out = spec.commandLine().getOut();
        out.print(TextTable.render(columns, rows));
        out.println(more ? "(first " + limit + " rows; --limit N shows more)"
                : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        out.flush();
        return 0;
    }
}
