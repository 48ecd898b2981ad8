package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploy-time work: the SQL round trips of a Create, an Update and a Delete do not grow with the
 * number of users. Printed for the Performance section of CONTRIBUTING.md.
 */
class RoundTripsTest {
    private static SecretsManagerStub secrets;
    private static EmbeddedPostgres pg;
    private final RoundTripCounter counter = new RoundTripCounter();

    @BeforeAll
    static void start() {
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
        pg = PostgresServers.postgres16();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    @BeforeEach
    void reset() throws Exception {
        new RoleInspector(pg).reset();
    }

    private Map<String, Object> invoke(Map<String, Object> event) {
        counter.reset();
        RoleGrantHandler handler = new RoleGrantHandler(() -> TestTargets.of(event),
                () -> Events.ID_KEY, () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                counter.opener(), Clock.systemUTC());
        return handler.handleRequest(event, LocalContext.recording());
    }

    private int[] createUpdateDelete(List<String> users, List<String> updated) {
        Map<String, Object> v1 = Events.properties(pg.getPort(), users);
        Map<String, Object> v2 = Events.properties(pg.getPort(), updated);
        String id = (String) invoke(Events.create("Grants", v1)).get("PhysicalResourceId");
        int create = counter.count();
        invoke(Events.update("Grants", id, v1, v2));
        int update = counter.count();
        invoke(Events.delete("Grants", id, v2));
        return new int[] {create, update, counter.count()};
    }

    @Test
    void roundTripsDoNotGrowWithTheNumberOfUsers() {
        int[] two = createUpdateDelete(List.of("a", "b"), List.of("b", "c"));
        int[] twenty = createUpdateDelete(
                List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "u10"),
                List.of("u6", "u7", "u8", "u9", "u10", "u11", "u12", "u13", "u14", "u15"));

        System.out.printf("SQL round trips, 2 users: Create %d, Update %d, Delete %d; 10 users: Create %d, "
                + "Update %d, Delete %d%n", two[0], two[1], two[2], twenty[0], twenty[1], twenty[2]);
        assertThat(twenty).containsExactly(two);
    }
}
