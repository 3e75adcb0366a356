package dev.dlt4j.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the DEBUG log of statements masks, and what it leaves readable. */
class SqlLogTest {
    @Test
    void masksUriPasswordsAndSecretClauses() {
        assertThat(SqlLog.mask("ATTACH 'postgresql://loader:pa55@db:5432/shop' AS pg"))
                .isEqualTo("ATTACH 'postgresql://loader:***@db:5432/shop' AS pg");
        assertThat(SqlLog.mask("CREATE USER loader WITH PASSWORD 'it''s secret'"))
                .isEqualTo("CREATE USER loader WITH PASSWORD '***'");
        assertThat(SqlLog.mask("CREATE SECRET s3 (TYPE s3, KEY_ID 'AKIA1', SECRET 'abc/def', REGION 'eu-west-1')"))
                .isEqualTo("CREATE SECRET s3 (TYPE s3, KEY_ID '***', SECRET '***', REGION 'eu-west-1')");
        assertThat(SqlLog.mask("host=db password=hunter2 sslmode=require"))
                .isEqualTo("host=db password=*** sslmode=require");
    }

    @Test
    void leavesOrdinaryStatementsAlone() {
        String sql = "INSERT INTO \"shop\".\"orders\" (\"id\", \"secret_santa\") SELECT \"id\", \"secret_santa\""
                + " FROM read_json('/tmp/x.jsonl.gz')";
        assertThat(SqlLog.mask(sql)).isEqualTo(sql);
    }
}
