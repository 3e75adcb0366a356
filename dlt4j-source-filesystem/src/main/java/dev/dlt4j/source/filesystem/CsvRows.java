package dev.dlt4j.source.filesystem;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * Reads a CSV file (RFC 4180: a header line, fields separated by the delimiter, {@code "} quotes with
 * {@code ""} inside, line breaks inside quotes, CRLF or LF) in pages of {@code chunkSize} records.
 * Blank lines are skipped, as pandas does. A record with more or fewer fields than the header, or a
 * quote never closed (a truncated file), fails with the file and line.
 *
 * <p>Values are typed per page by {@link CsvTypes} (or kept as text when inference is off).
 */
final class CsvRows implements FileRows {
    private final FileItem file;
    private final Reader in;
    private final char delimiter;
    private final int chunkSize;
    private final boolean inferTypes;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private boolean eof;
    /** The line the next character is on (1-based). */
    private long line = 1;
    private final List<String> header;
    private final StringBuilder field = new StringBuilder();
    private List<Map<String, Object>> page;
    /** The line the last record read starts on. */
    private long recordStart;

    CsvRows(FileItem file, InputStream stream, char delimiter, int chunkSize, boolean inferTypes) {
        this.file = file;
        this.in = new InputStreamReader(stream, StandardCharsets.UTF_8);
        this.delimiter = delimiter;
        this.chunkSize = chunkSize;
        this.inferTypes = inferTypes;
        if (peek() == '\uFEFF') {
            read(); // a UTF-8 byte order mark, skipped before the header so that a quoted first name is parsed as quoted
        }
        List<String> names = readRecord();
        if (names == null) {
            header = List.of(); // an empty file has no rows
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).strip();
            if (n.isEmpty()) {
                n = "unnamed_" + i; // pandas says "Unnamed: <i>"
            }
            if (!seen.add(n)) {
                throw new FileReadException(file.fileUrl() + ": line 1: column '" + n
                        + "' appears twice in the CSV header; give each column its own name");
            }
            names.set(i, n);
        }
        header = List.copyOf(names);
    }

    @Override
    public boolean hasNext() {
        if (page == null && !header.isEmpty()) {
            page = readPage();
        }
        return page != null;
    }

    @Override
    public List<Map<String, Object>> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Map<String, Object>> p = page;
        page = null;
        return p;
    }

    private List<Map<String, Object>> readPage() {
        List<String[]> records = new ArrayList<>(Math.min(chunkSize, 4096));
        while (records.size() < chunkSize) {
            List<String> r = readRecord();
            long start = recordStart;
            if (r == null) {
                break;
            }
            if (r.size() != header.size()) {
                throw new FileReadException(file.fileUrl() + ": line " + start + ": " + r.size() + " field"
                        + (r.size() == 1 ? "" : "s") + " where the header has " + header.size()
                        + (eof && r.size() < header.size() ? " (the file may be truncated)" : "")
                        + "; every record needs one field per header column");
            }
            records.add(r.toArray(new String[0]));
        }
        if (records.isEmpty()) {
            return null;
        }
        return inferTypes ? CsvTypes.rows(header, records) : textRows(records);
    }

    private List<Map<String, Object>> textRows(List<String[]> records) {
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        for (String[] r : records) {
            Map<String, Object> row = new LinkedHashMap<>(header.size() * 2);
            for (int i = 0; i < r.length; i++) {
                row.put(header.get(i), r[i].isEmpty() ? null : r[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The next non-blank record, or null at the end of the file. */
    private List<String> readRecord() {
        while (true) {
            int c = read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                continue; // a blank line
            }
            if (c == '\r') {
                if (peek() == '\n') {
                    read();
                }
                continue;
            }
            unread();
            break;
        }
        List<String> fields = new ArrayList<>(header == null ? 16 : header.size());
        long startLine = line;
        recordStart = line;
        while (true) {
            field.setLength(0);
            int c = read();
            if (c == '"') {
                while (true) {
                    c = read();
                    if (c < 0) {
                        throw new FileReadException(file.fileUrl() + ": line " + startLine
                                + ": a quoted field is never closed (the file ends inside it; truncated?)");
                    }
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                            field.append('"');
                        } else {
                            break;
                        }
                    } else {
                        field.append((char) c);
                    }
                }
                c = read();
                while (c == ' ' || c == '\t') {
                    c = read();
                }
                if (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    throw new FileReadException(file.fileUrl() + ": line " + (line) + ": '" + (char) c
                            + "' after a closing quote; a quoted field must end at the delimiter '" + delimiter
                            + "' or the end of the line");
                }
            } else {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            if (c == delimiter) {
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            return fields;
        }
    }

    private int read() {
        if (pos == len && !fill()) {
            return -1;
        }
        char c = buf[pos++];
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private void unread() {
        pos--;
        if (buf[pos] == '\n') {
            line--;
        }
    }

    private int peek() {
        if (pos == len && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            len = n;
            return true;
        } catch (EOFException | ZipException e) {
            throw new FileReadException(file.fileUrl() + ": line " + line + ": the gzip data is truncated or corrupt ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new FileReadException(file.fileUrl() + ": line " + line + ": cannot read: " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
