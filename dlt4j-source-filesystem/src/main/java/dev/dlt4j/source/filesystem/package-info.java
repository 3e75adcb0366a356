/** The filesystem source: a {@link dev.dlt4j.Source} built from configuration. */
package dev.dlt4j.source.filesystem;
