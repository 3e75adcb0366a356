package dev.dlt4j.source.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the tables of a schema from the database's JDBC metadata once, when the source is built:
 * which tables there are (names, include and exclude patterns), their columns and primary keys, and
 * that the user may {@code SELECT} from each. Every problem it finds is a {@link SqlSourceException}
 * naming the server, the schema or table, and the fix, raised before anything is extracted.
 */
final class Reflector {
    private final Connector connector;
    private final Connection connection;
    private final DatabaseMetaData md;
    private final Dialect dialect;
    private final String quote;
    private final List<String> warnings = new ArrayList<>();

    Reflector(Connector connector, Connection connection) throws SQLException {
        this.connector = connector;
        this.connection = connection;
        this.md = connection.getMetaData();
        this.dialect = connector.dialect() == Dialect.OTHER ? Dialect.ofProduct(md.getDatabaseProductName())
                : connector.dialect();
        String q = md.getIdentifierQuoteString();
        this.quote = q == null || q.isBlank() ? "\"" : q.trim();
    }

    /** Warnings of the last {@link #reflect}: columns of types dlt has no mapping for, which load as text. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    Dialect dialect() {
        return dialect;
    }

    /** The database's identifier quote, e.g. {@code "} or a backtick. */
    String quote() {
        return quote;
    }

    /** The schema to read: the one given, else the connection's current schema (database on MariaDB). */
    String schema(Optional<String> given) throws SQLException {
        if (given.isPresent()) {
            return given.get();
        }
        String s = dialect.schemaIsCatalog ? connection.getCatalog() : connection.getSchema();
        if (s == null || s.isBlank()) {
            throw new SqlSourceException("no schema given and " + connector.where() + " has no current one;"
                    + " set schema (e.g. SqlSource.of(url).schema(\"public\"), --table schema.table)", null);
        }
        return s;
    }

    /**
     * The tables to read: {@code names} when given (each must exist, unless it has a query), else every
     * table of the schema that an include pattern matches (all when none) and no exclude pattern does.
     */
    List<SqlTable> reflect(String schema, List<String> names, List<String> include, List<String> exclude,
            Map<String, String> queries, boolean includeViews) throws SQLException {
        Map<String, String> existing = tables(schema, includeViews); // lower-case name -> name as stored
        List<String> selected = new ArrayList<>();
        if (!names.isEmpty()) {
            for (String n : names) {
                if (queries.containsKey(n)) {
                    selected.add(n);
                    continue;
                }
                String stored = existing.containsKey(n.toLowerCase(Locale.ROOT)) && existing.containsValue(n) ? n
                        : existing.get(n.toLowerCase(Locale.ROOT));
                if (stored == null) {
                    throw new SqlSourceException("table " + schema + "." + n + " does not exist in " + connector.where()
                            + " (or the user cannot see it); tables there: " + list(existing.values())
                            + "; check the name in tables / table_names / --table", null);
                }
                selected.add(stored);
            }
        } else {
            List<Pattern> inc = include.stream().map(Reflector::glob).toList();
            List<Pattern> exc = exclude.stream().map(Reflector::glob).toList();
            for (String t : existing.values()) {
                boolean in = inc.isEmpty() || inc.stream().anyMatch(p -> p.matcher(t).matches());
                boolean out = exc.stream().anyMatch(p -> p.matcher(t).matches());
                if (in && !out) {
                    selected.add(t);
                }
            }
            for (String q : queries.keySet()) {
                if (!selected.contains(q)) {
                    selected.add(q);
                }
            }
            if (selected.isEmpty()) {
                throw new SqlSourceException("no table of schema " + schema + " in " + connector.where() + " matches"
                        + (include.isEmpty() ? "" : " include " + include) + (exclude.isEmpty() ? "" : " without "
                        + exclude) + "; tables there: " + list(existing.values()), null);
            }
        }
        List<SqlTable> out = new ArrayList<>();
        for (String t : selected) {
            out.add(queries.containsKey(t) ? queryTable(schema, t, queries.get(t)) : table(schema, t));
        }
        return out;
    }

    private Map<String, String> tables(String schema, boolean includeViews) throws SQLException {
        if (!schemaExists(schema)) {
            throw new SqlSourceException("schema " + schema + " does not exist in " + connector.where()
                    + "; schemas there: " + list(schemas(), schema) + "; check schema / --table schema.table", null);
        }
        Map<String, String> out = new TreeMap<>();
        String[] types = includeViews ? new String[] {"TABLE", "VIEW", "BASE TABLE"} : new String[] {"TABLE", "BASE TABLE"};
        try (ResultSet rs = dialect.schemaIsCatalog ? md.getTables(schema, null, "%", types)
                : md.getTables(null, escape(schema), "%", types)) {
            while (rs.next()) {
                String s = dialect.schemaIsCatalog ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                if (schema.equals(s) || s == null) {
                    String name = rs.getString("TABLE_NAME");
                    out.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
                }
            }
        }
        return out;
    }

    private boolean schemaExists(String schema) throws SQLException {
        return schemas().contains(schema);
    }

    private List<String> schemas() throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = dialect.schemaIsCatalog ? md.getCatalogs() : md.getSchemas()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private SqlTable table(String schema, String name) throws SQLException {
        List<SqlColumn> columns = new ArrayList<>();
        java.util.Set<String> jsonColumns = mariaDbJsonColumns(schema, name);
        try (ResultSet rs = dialect.schemaIsCatalog ? md.getColumns(schema, null, escape(name), "%")
                : md.getColumns(null, escape(schema), escape(name), "%")) {
            while (rs.next()) {
                String tableName = rs.getString("TABLE_NAME");
                if (!name.equals(tableName)) {
                    continue; // an escaped pattern may still match case-insensitively on some databases
                }
                String column = rs.getString("COLUMN_NAME");
                columns.add(column(schema + "." + name, column, rs.getInt("DATA_TYPE"),
                        jsonColumns.contains(column) ? "json" : rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        Map<Integer, String> keys = new TreeMap<>();
        try (ResultSet rs = dialect.schemaIsCatalog ? md.getPrimaryKeys(schema, null, name)
                : md.getPrimaryKeys(null, schema, name)) {
            while (rs.next()) {
                keys.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        String qualified = quoted(schema) + "." + quoted(name);
        checkSelect(schema + "." + name, "SELECT * FROM " + qualified + " WHERE 1=0");
        return new SqlTable(schema, name, columns, new ArrayList<>(keys.values()), qualified, Optional.empty());
    }

    /**
     * MariaDB's {@code JSON} is {@code LONGTEXT} with a {@code json_valid(column)} check; JDBC reports
     * only the text type, so the check tells which columns hold JSON.
     */
    private java.util.Set<String> mariaDbJsonColumns(String schema, String table) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (dialect != Dialect.MARIADB) {
            return out;
        }
        String sql = "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?";
        try (java.sql.PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                java.util.regex.Pattern p = java.util.regex.Pattern.compile("(?i)^\\s*json_valid\\(`([^`]+)`\\)\\s*$");
                while (rs.next()) {
                    java.util.regex.Matcher m = p.matcher(String.valueOf(rs.getString(1)));
                    if (m.matches()) {
                        out.add(m.group(1));
                    }
                }
            }
        } catch (SQLException e) {
            // MySQL and old MariaDB have no such view (MySQL reports JSON as its own type): plain text then
        }
        return out;
    }

    /** A custom query named as a table: its columns are what the query returns (no primary key). */
    private SqlTable queryTable(String schema, String name, String query) throws SQLException {
        List<SqlColumn> columns = new ArrayList<>();
        String probe = "SELECT * FROM (" + query + ") q WHERE 1=0";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(probe)) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                columns.add(column("query " + name, m.getColumnLabel(i), m.getColumnType(i), m.getColumnTypeName(i),
                        m.getPrecision(i), m.getScale(i), m.isNullable(i) != ResultSetMetaData.columnNoNulls));
            }
        } catch (SQLException e) {
            throw new SqlSourceException("the query of table " + name + " fails on " + connector.where() + ": "
                    + e.getMessage() + "; check the query (" + query + ")", null);
        }
        return new SqlTable(schema, name, columns, List.of(), "(" + query + ") q", Optional.of(query));
    }

    private SqlColumn column(String table, String name, int jdbcType, String typeName, int size, int digits,
            boolean nullable) {
        String type = typeName == null ? "?" : typeName;
        Optional<ColumnKind> kind = ColumnKind.of(dialect, jdbcType, type, size);
        if (kind.isEmpty()) {
            warnings.add("column " + name + " of table " + table + " has type " + type
                    + ", which has no dlt data type: it loads as text");
        }
        return new SqlColumn(name, kind.orElse(ColumnKind.UNKNOWN), type, size, digits, nullable, kind.isPresent());
    }

    /** Fails naming the table and the grant that is missing when the user may not read it. */
    private void checkSelect(String table, String sql) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String lower = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (state.equals("42501") || e.getErrorCode() == 1142 || lower.contains("permission denied")
                    || lower.contains("command denied")) {
                throw new SqlSourceException("the user may not SELECT from table " + table + " in " + connector.where()
                        + "; grant it (GRANT SELECT ON " + table + " TO <user>) or leave the table out (exclude)", null);
            }
            throw new SqlSourceException("cannot read table " + table + " in " + connector.where() + ": "
                    + e.getMessage(), null);
        }
    }

    String quoted(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private String escape(String pattern) throws SQLException {
        String esc = md.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return pattern;
        }
        return pattern.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    /** A shell-style pattern ({@code *}, {@code ?}) as a regex over a whole table name. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static String list(java.util.Collection<String> names) {
        return list(names, "");
    }

    /**
     * The names, at most 30; when there are more, those sharing the longest start with {@code wanted}
     * come first, so the one the user meant is among those shown.
     */
    private static String list(java.util.Collection<String> names, String wanted) {
        if (names.isEmpty()) {
            return "(none)";
        }
        List<String> l = new ArrayList<>(names);
        if (l.size() > 30) {
            l.sort(java.util.Comparator.comparingInt((String n) -> -commonPrefix(n, wanted)));
        }
        return l.size() > 30 ? String.join(", ", l.subList(0, 30)) + ", ... (" + l.size() + " in all)"
                : String.join(", ", l);
    }


    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
