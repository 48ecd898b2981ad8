package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A lock holder on PostgreSQL 14. */
class LockHolder14Test extends LockHolderScenarios {
    @Override
    EmbeddedPostgres server() {
        return PostgresServers.secondMajor();
    }
}
