package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The other-roles report on PostgreSQL 14 (no INHERIT or SET options on grants). */
class OtherRoles14Test extends OtherRolesScenarios {
    @Override
    EmbeddedPostgres server() {
        return PostgresServers.secondMajor();
    }
}
