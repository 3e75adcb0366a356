package dev.dlt4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#execute} in this JVM with captured stdout and stderr and a given stdin. */
record CliRun(int exitCode, String out, String err) {
    static CliRun withInput(String stdin, String... args) {
        return run(stdin, false, args);
    }

    /** As with {@code DLT4J_DEBUG=1}: an error prints its stack trace too. */
    static CliRun debug(String... args) {
        return run("", true, args);
    }

    private static CliRun run(String stdin, boolean debug, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            code = Main.commandLine(debug).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun of(String... args) {
        return withInput("", args);
    }
}
