package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/** The handler scenarios on PostgreSQL 16 (CREATEROLE and GRANT rules of 16+). */
class Postgres16Test extends RoleGrantScenarios {
    @Override
    EmbeddedPostgres server() {
        return PostgresServers.postgres16();
    }

    /**
     * From 16 on, granting a role needs ADMIN OPTION on it (before 16, CREATEROLE was enough), so a
     * statement in the middle of the plan can be refused: the batch names it and nothing stays.
     */
    @Test
    void aRefusedGrantInTheMiddleOfThePlanIsNamedAndRolledBack() throws Exception {
        PostgresServers.superuserSql(pg(), "REVOKE rds_replication FROM rds_superuser");
        try {
            assertThatThrownBy(() -> invoke(Events.create("Grants", props("first", "second"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'GRANT \"rds_replication\" TO \"first\"' failed")
                    .hasMessageContaining("permission denied").hasMessageContaining("rolled back");
            assertThat(roles().exists("first")).isFalse();
            assertThat(roles().exists("second")).isFalse();
        } finally {
            PostgresServers.superuserSql(pg(), "GRANT rds_replication TO rds_superuser WITH ADMIN OPTION");
        }
    }
}
