package dev.dlt4j.source.filesystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.ZipException;

/**
 * Reads JSON lines: one JSON object per line (blank lines skipped), in pages of {@code chunkSize}
 * objects, as dlt's {@code read_jsonl}. Numbers stay as JSON has them (integers as {@code Long} or
 * {@code BigInteger}, fractions as {@code Double}); nested objects and arrays go to the normalizer,
 * which unnests them into child tables. A line that is not an object or not valid JSON, or a file
 * that ends inside an object, fails with the file and line.
 */
final class JsonlRows implements FileRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final FileItem file;
    private final JsonParser parser;
    private final int chunkSize;
    private List<Map<String, Object>> page;
    private boolean done;

    JsonlRows(FileItem file, InputStream in, int chunkSize) throws IOException {
        this.file = file;
        this.parser = FACTORY.createParser(in);
        this.chunkSize = chunkSize;
    }

    @Override
    public boolean hasNext() {
        if (page == null && !done) {
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

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readPage() {
        List<Map<String, Object>> rows = new ArrayList<>(Math.min(chunkSize, 4096));
        try {
            while (rows.size() < chunkSize) {
                JsonToken t = parser.nextToken();
                if (t == null) {
                    done = true;
                    break;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new FileReadException(file.fileUrl() + ": line " + parser.currentLocation().getLineNr()
                            + ": " + describe(t) + " where a JSON object was expected; a jsonl file holds one"
                            + " object per line");
                }
                rows.add(MAPPER.readValue(parser, Map.class));
            }
        } catch (EOFException | ZipException e) {
            throw new FileReadException(file.fileUrl() + ": line " + parser.currentLocation().getLineNr()
                    + ": the gzip data is truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (JsonProcessingException e) {
            long lineNr = e.getLocation() != null ? e.getLocation().getLineNr() : parser.currentLocation().getLineNr();
            throw new FileReadException(file.fileUrl() + ": line " + lineNr + ": invalid JSON"
                    + (e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")
                            ? " (the file ends inside an object; truncated?)" : "")
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FileReadException(file.fileUrl() + ": line " + parser.currentLocation().getLineNr()
                    + ": cannot read: " + e, e);
        }
        return rows.isEmpty() ? null : rows;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
