package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/** The other-roles report on PostgreSQL 16, whose grants carry INHERIT and SET options. */
class OtherRoles16Test extends OtherRolesScenarios {
    @Override
    EmbeddedPostgres server() {
        return PostgresServers.postgres16();
    }

    /**
     * A grant that carries only the ADMIN OPTION lets a role hand rds_iam out, nothing more (PostgreSQL 16
     * gives one to the creator of every role): it does not make its holder an IAM user. Any grant that gives
     * the role itself something (inheritance or SET ROLE) does.
     */
    @Test
    void aGrantThatOnlyAllowsGrantingIsNotMembershipButAnyOtherGrantIs() throws Exception {
        PostgresServers.superuserSql(pg(), "CREATE ROLE grants_only LOGIN IN ROLE rds_replication",
                "GRANT rds_iam TO grants_only WITH ADMIN OPTION, INHERIT FALSE, SET FALSE",
                "CREATE ROLE set_only LOGIN IN ROLE rds_replication",
                "GRANT rds_iam TO set_only WITH INHERIT FALSE, SET TRUE",
                "CREATE ROLE noinherit_direct LOGIN NOINHERIT IN ROLE rds_iam, rds_replication");

        assertThat(report().loginRoles()).containsExactly("noinherit_direct", "set_only");
    }
}
