package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's {@code TIMESTAMP} read without the driver's {@code Calendar} per value
 * ({@link ColumnKind#INSTANT_JVM_ZONE}) gives the instant {@code getTimestamp} gives, in zones with and
 * without daylight saving time, for wall times the zone skips in spring and repeats in autumn, the
 * zero date and null; and it is chosen only where the driver gives wall times in the JVM's zone.
 */
class MariaDbInstantTest {
    static final String SCHEMA = "sqlfast_instant";

    @BeforeAll
    static void createTable() {
        Databases.maria("DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".ts (id int PRIMARY KEY, ts timestamp(6) NULL)",
                "SET SESSION sql_mode = ''", // lets the zero date in
                "INSERT INTO " + SCHEMA + ".ts VALUES (1, '2024-03-31 02:30:00'), (2, '2024-10-27 02:30:00.5'),"
                        + " (3, '2024-03-10 02:30:00'), (4, '2024-11-03 01:30:00.123456'), (5, '1970-01-01 00:00:01'),"
                        + " (6, '2038-01-19 03:14:07.999999'), (7, NULL), (8, '0000-00-00 00:00:00'),"
                        + " (9, '2024-06-15 12:00:00'), (10, '2024-01-15 23:59:59.000001')");
    }

    @AfterAll
    static void dropTable() {
        Databases.maria("DROP DATABASE IF EXISTS " + SCHEMA);
    }

    @Test
    void theInstantIsTheDriversInEveryZone() throws SQLException {
        TimeZone before = TimeZone.getDefault();
        try {
            for (String zone : new String[] {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC",
                    "Asia/Kathmandu", "America/Sao_Paulo"}) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                List<Instant> driver = new ArrayList<>();
                List<Instant> fast = new ArrayList<>();
                // a connection per zone: the driver takes the default zone when it reads, as the fast path does
                try (Connection c = DriverManager.getConnection(Databases.MARIA_JDBC + "&useServerPrepStmts=true");
                        Statement st = c.createStatement();
                        ResultSet rs = c.prepareStatement("SELECT ts FROM " + SCHEMA + ".ts ORDER BY id").executeQuery()) {
                    while (rs.next()) {
                        driver.add((Instant) ColumnKind.INSTANT.read(rs, 1));
                        fast.add((Instant) ColumnKind.INSTANT_JVM_ZONE.read(rs, 1));
                    }
                }
                assertThat(fast).as(zone).hasSize(10).containsExactlyElementsOf(driver);
                assertThat(driver.get(0)).as(zone).isNotNull();
                assertThat(driver.get(6)).as(zone).isNull();
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void theFastPathIsChosenOnlyWhereTheDriverUsesTheJvmZone() {
        assertThat(Connector.ofUri(Databases.MARIA).mariaDbTimestampsInJvmZone()).isTrue();
        assertThat(Connector.ofUri(Databases.MARIA + "?preserveInstants=true").mariaDbTimestampsInJvmZone())
                .isFalse();
        assertThat(Connector.ofUri(Databases.MARIA_JDBC + "&preserveInstants=true&connectionTimeZone=UTC")
                .mariaDbTimestampsInJvmZone()).isFalse();
        assertThat(Connector.ofUri(Databases.MARIA_JDBC).mariaDbTimestampsInJvmZone()).isTrue();
        assertThat(Connector.ofUri(Databases.PG).mariaDbTimestampsInJvmZone()).isFalse();
        assertThat(Connector.ofDataSource(new CountingDataSource(Databases.MARIA_JDBC)).mariaDbTimestampsInJvmZone())
                .isFalse();
    }
}
