package dev.dlt4j.filesystem;

import dev.dlt4j.LoaderFileFormat;

/** The shared destination behaviour, into csv files read back with DuckDB's read_csv. */
class FilesystemCsvContractTest extends FilesystemContractTest {

    @Override
    FilesystemDestination destination() {
        return super.destination().withFormat(LoaderFileFormat.CSV);
    }
}
