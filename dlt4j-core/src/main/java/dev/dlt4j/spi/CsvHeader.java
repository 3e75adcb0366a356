package dev.dlt4j.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The header row of a {@code csv} job file (column names, quoted when needed), for destinations that load csv. */
public final class CsvHeader {
    private CsvHeader() {
    }

    /** The column names of the job file's first line; empty for an empty file. */
    public static List<String> read(Path file, boolean gzip) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Compression.openInput(Files.newInputStream(file), gzip), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            return line == null ? new ArrayList<>() : parse(line);
        }
    }

    /** The column names of a header line. */
    public static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        if (line.isEmpty()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
