package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The handler scenarios on PostgreSQL 16 (CREATEROLE and GRANT rules of 16+). */
class Postgres16Test extends RoleGrantScenarios {
    @Override
    EmbeddedPostgres server() {
        return PostgresServers.postgres16();
    }
}
