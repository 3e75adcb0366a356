package dev.dlt4j.filesystem;

import dev.dlt4j.LoaderFileFormat;

/** The shared destination behaviour, into parquet files read back with DuckDB's read_parquet. */
class FilesystemParquetContractTest extends FilesystemContractTest {

    @Override
    FilesystemDestination destination() {
        return super.destination().withFormat(LoaderFileFormat.PARQUET);
    }
}
