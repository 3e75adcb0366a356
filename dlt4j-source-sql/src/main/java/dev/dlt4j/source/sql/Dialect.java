package dev.dlt4j.source.sql;

/**
 * What the source must know about the database beyond JDBC: how it streams a result set without
 * holding it whole, and whether a "schema" is a JDBC schema (PostgreSQL) or a catalog (MariaDB /
 * MySQL, where a schema is a database).
 */
enum Dialect {
    /** Streams with a cursor only inside a transaction: autocommit off plus a fetch size. */
    POSTGRESQL("PostgreSQL", true, false),
    /** Streams row packets when a fetch size is set; schemas are databases (catalogs). */
    MARIADB("MariaDB", false, true),
    /** Any other JDBC database: autocommit off and a fetch size, as most drivers stream that way. */
    OTHER("the database", true, false);

    final String product;
    final boolean needsTransactionToStream;
    final boolean schemaIsCatalog;

    Dialect(String product, boolean needsTransactionToStream, boolean schemaIsCatalog) {
        this.product = product;
        this.needsTransactionToStream = needsTransactionToStream;
        this.schemaIsCatalog = schemaIsCatalog;
    }

    static Dialect ofJdbcUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        return OTHER;
    }

    static Dialect ofProduct(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(java.util.Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            return MARIADB;
        }
        return OTHER;
    }
}
