package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A lock holder on PostgreSQL 16. */
class LockHolder16Test extends LockHolderScenarios {
    @Override
    EmbeddedPostgres server() {
        return PostgresServers.postgres16();
    }
}
