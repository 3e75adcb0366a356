package dev.dlt4j.extract;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.storage.ColumnFileWriter;
import dev.dlt4j.storage.RowFileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The extract stage's per-value kernels as {@code TableWriter} runs them, for {@code KernelAb}: map
 * rows into {@code typed-rows}, typed pages and scalar records into {@code typed-columns}.
 */
public final class ExtractKernel {
    private final RowFileWriter rows = new RowFileWriter();
    private final ColumnFileWriter columns = new ColumnFileWriter();
    private Object[] values;

    public void startRows(OutputStream out) throws IOException {
        rows.startFile(out);
    }

    public void startColumns(OutputStream out) throws IOException {
        columns.startFile(out);
    }

    public void mapPage(List<Map<String, Object>> page, OutputStream out) throws IOException {
        for (Map<String, Object> row : page) {
            ValueEncoder.encodeRow(row, rows, "flat");
        }
        rows.writeBuffered(out);
    }

    public void columnPage(ColumnPage page, OutputStream out) throws IOException {
        if (columns.columns() == null) {
            columns.columns(page.columns());
        }
        columns.page(page);
        columns.writeBuffered(out);
    }

    public void records(List<?> records, OutputStream out) throws IOException {
        ScalarClass layout = ScalarClass.lookup(records.get(0).getClass()).orElseThrow();
        if (columns.columns() == null) {
            columns.columns(layout.columns());
            values = new Object[layout.columns().size()];
        }
        for (Object r : records) {
            layout.values(r, values);
            columns.row(values);
        }
        columns.writeBuffered(out);
    }
}
