package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The handler scenarios on PostgreSQL 14 (CREATEROLE and GRANT rules before 16). */
class Postgres14Test extends RoleGrantScenarios {
    @Override
    EmbeddedPostgres server() {
        return PostgresServers.secondMajor();
    }
}
