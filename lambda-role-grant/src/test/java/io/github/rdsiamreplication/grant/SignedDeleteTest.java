package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.contract.IdKeySecret;
import io.github.rdsiamreplication.lambdakit.LocalContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deletes are authorized by the physical id the handler signed ({@link PhysicalIds}), not by the allow-list:
 * CloudFormation sends the Delete of a removed construct (or the old copy of a replaced one, or on rollback
 * one the failed update created) after the list was updated without it. The handler reads the allow-list,
 * the key and the admin secret through the extension stand-in, as deployed, and counts what it reads: a
 * forged Delete is refused having read no secret but the key and opened no connection.
 */
class SignedDeleteTest {
    private static final String ALLOW_LIST = "arn:aws:secretsmanager:us-east-1:123456789012:secret:allowed-AbC123";
    private static final String ID_KEY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:id-key-AbC123";
    private static final String OTHER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ123";
    private static SecretsManagerStub secrets;
    private static EmbeddedPostgres pg;
    private final AtomicInteger connections = new AtomicInteger();
    private RoleInspector roles;

    @BeforeAll
    static void start() {
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
        secrets.adminSecret(OTHER_SECRET);
        secrets.secret(ID_KEY, Events.ID_KEY_VALUE);
        pg = PostgresServers.postgres16();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    @BeforeEach
    void reset() throws Exception {
        roles = new RoleInspector(pg);
        roles.reset();
        connections.set(0);
    }

    /** The handler as deployed, its allow-list holding the resources of these events. */
    private RoleGrantHandler handler(List<Map<String, Object>> listed) {
        secrets.secret(ALLOW_LIST, TestTargets.json(listed));
        return handler(AllowedTargets.SECRET_VARIABLE, ALLOW_LIST, IdKeySecret.SECRET_VARIABLE, ID_KEY);
    }

    /** @param variables environment variable names and values, alternately */
    private RoleGrantHandler handler(String... variables) {
        Map<String, String> environment = new java.util.HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            environment.put(variables[i], variables[i + 1]);
        }
        return new RoleGrantHandler(() -> TargetAllowList.fromSecret(environment::get, secrets.client()),
                () -> IdKey.fromSecret(environment::get,
                        arn -> secrets.client().secretString(arn, SecretUnreadableException.ID_KEY_SECRET)),
                () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                (settings, credentials) -> {
                    connections.incrementAndGet();
                    return DatabaseConnector.PGJDBC.open(settings, credentials);
                }, Clock.systemUTC());
    }

    private Map<String, Object> props(String... users) {
        return Events.properties(pg.getPort(), List.of(users));
    }

    private static Map<String, Object> with(Map<String, Object> props, Consumer<Map<String, Object>> change) {
        Map<String, Object> changed = new java.util.LinkedHashMap<>(props);
        change.accept(changed);
        return changed;
    }

    private static String id(Map<String, Object> response) {
        return (String) response.get("PhysicalResourceId");
    }

    /**
     * The first case: one DESTROY construct is removed from a stack that keeps another. By the time
     * CloudFormation sends its Delete, the allow-list no longer holds it; the Delete undoes exactly its own
     * rows (a user the kept construct also manages stays, handed over).
     */
    @Test
    void aRemovedConstructsDeleteUndoesExactlyItsOwnGrants() throws Exception {
        Map<String, Object> kept = props("kept_user", "shared_user");
        Map<String, Object> removed = props("removed_user", "shared_user");
        RoleGrantHandler before = handler(List.of(Events.create("Kept", kept), Events.create("Removed", removed)));
        String keptId = id(before.handleRequest(Events.create("Kept", kept), LocalContext.recording()));
        String removedId = id(before.handleRequest(Events.create("Removed", removed), LocalContext.recording()));
        RoleGrantHandler after = handler(List.of(Events.create("Kept", kept)));

        Map<String, Object> response = after.handleRequest(Events.delete("Removed", removedId, removed),
                LocalContext.recording());

        assertThat(id(response)).isEqualTo(removedId);
        assertThat(roles.exists("removed_user")).isFalse();
        assertThat(roles.isMember("kept_user", "rds_iam")).isTrue();
        assertThat(roles.isMember("shared_user", "rds_iam")).as("the kept construct still manages it").isTrue();
        assertThat(roles.ledgerRowsOf("Removed")).isZero();
        assertThat(roles.ledgerRowsOf("Kept")).isEqualTo(2);
        after.handleRequest(Events.delete("Kept", keptId, kept), LocalContext.recording());
        assertThat(roles.nonFixtureRoles()).isEmpty();
    }

    /** Shown failing on the code before signed ids: "is not one of the 1 resource(s) the constructs deployed". */
    @Test
    void aRolledBackCreatesDeleteIsServedToo() throws Exception {
        Map<String, Object> added = props("added_user");
        String addedId = id(handler(List.of(Events.create("Added", added)))
                .handleRequest(Events.create("Added", added), LocalContext.recording()));

        // The rollback restored the list without it, then deletes the resource the failed update created.
        handler(List.of()).handleRequest(Events.delete("Added", addedId, added), LocalContext.recording());

        assertThat(roles.exists("added_user")).isFalse();
    }

    /** Asserts the Delete is refused having read neither the admin secrets nor the allow-list, nor connected. */
    private void assertRefusedBeforeAnyOtherSecret(RoleGrantHandler handler, Map<String, Object> event)
            throws Exception {
        int adminReads = secrets.reads(Events.SECRET_ARN) + secrets.reads(OTHER_SECRET);
        int listReads = secrets.reads(ALLOW_LIST);
        int keyReads = secrets.reads(ID_KEY);
        int opened = connections.get();
        List<String> before = roles.nonFixtureRoles();
        int rows = roles.ledgerRows();

        GrantProperties asked = EventParser.parse(event).properties();
        // The id that would pass: the refusal must not hand it to whoever forged the event.
        String wouldPass = PhysicalIds.of(Events.ID_KEY, (String) event.get("StackId"),
                (String) event.get("LogicalResourceId"), asked);
        assertThatThrownBy(() -> handler.handleRequest(event, LocalContext.recording()))
                .hasMessageNotContaining(wouldPass.substring(wouldPass.lastIndexOf(':') + 1))
                .hasMessageContaining("refused before reading the admin secret")
                .hasMessageContaining("a Delete of resource " + event.get("LogicalResourceId"))
                .hasMessageContaining("names the physical id " + event.get("PhysicalResourceId"))
                .hasMessageContaining("CloudFormation always sends the id the handler gave");

        assertThat(secrets.reads(Events.SECRET_ARN) + secrets.reads(OTHER_SECRET)).as("admin secret reads")
                .isEqualTo(adminReads);
        assertThat(secrets.reads(ALLOW_LIST)).as("allow-list reads").isEqualTo(listReads);
        assertThat(secrets.reads(ID_KEY)).as("key reads").isEqualTo(keyReads + 1);
        assertThat(connections.get()).as("connections").isEqualTo(opened);
        assertThat(roles.nonFixtureRoles()).isEqualTo(before);
        assertThat(roles.ledgerRows()).isEqualTo(rows);
    }

    @Test
    void forgedDeletesAreRefusedBeforeAnySecretButTheKeyIsRead() throws Exception {
        Map<String, Object> victim = props("victim_user");
        Map<String, Object> other = props("other_user");
        Map<String, Object> retained = with(props("retained_user"), p -> p.put("UndoOnDelete", "false"));
        RoleGrantHandler handler = handler(List.of(Events.create("Victim", victim), Events.create("Other", other),
                Events.create("Retained", retained)));
        String victimId = id(handler.handleRequest(Events.create("Victim", victim), LocalContext.recording()));
        String otherId = id(handler.handleRequest(Events.create("Other", other), LocalContext.recording()));
        String retainedId = id(handler.handleRequest(Events.create("Retained", retained), LocalContext.recording()));
        String tag = victimId.substring(victimId.lastIndexOf(':') + 1);

        List<Map<String, Object>> forged = new ArrayList<>();
        // A made-up id, and a near miss of the real one.
        forged.add(Events.delete("Victim", "rds-iam-replication:localhost:" + pg.getPort() + ":"
                + "0123456789abcdef0123456789abcdef", victim));
        forged.add(Events.delete("Victim", victimId.substring(0, victimId.length() - 1)
                + (victimId.endsWith("0") ? "1" : "0"), victim));
        forged.add(Events.delete("Victim", victimId.toUpperCase(java.util.Locale.ROOT), victim));
        // Another resource's id, with the victim's properties; and the victim's id under the other's name.
        forged.add(Events.delete("Victim", otherId, victim));
        forged.add(Events.delete("Other", victimId, other));
        // A RETAIN resource's Delete turned into an undo.
        forged.add(Events.delete("Retained", retainedId, with(retained, p -> p.put("UndoOnDelete", "true"))));
        forged.add(Events.delete("Retained", retainedId, with(retained, p -> p.remove("UndoOnDelete"))));
        // The victim's id, pointing the admin password elsewhere or over weaker TLS, or at another secret.
        forged.add(Events.delete("Victim", "rds-iam-replication:attacker.example:" + pg.getPort() + ":" + tag,
                with(victim, p -> p.put("Host", "attacker.example"))));
        forged.add(Events.delete("Victim", victimId, with(victim, p -> p.put("Host", "attacker.example"))));
        forged.add(Events.delete("Victim", victimId, with(victim, p -> p.put("Port", String.valueOf(pg.getPort() + 1)))));
        forged.add(Events.delete("Victim", victimId, with(victim, p -> p.put("SecretArn", OTHER_SECRET))));
        forged.add(Events.delete("Victim", victimId, with(victim, p -> p.put("SslMode", "require"))));
        Map<String, Object> otherStack = Events.delete("Victim", victimId, victim);
        otherStack.put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/Other/00000000-0000-0000-0000-0");
        forged.add(otherStack);

        for (Map<String, Object> event : forged) {
            assertRefusedBeforeAnyOtherSecret(handler, event);
        }
        assertThat(roles.isMember("victim_user", "rds_iam")).isTrue();
        assertThat(roles.isMember("other_user", "rds_iam")).isTrue();
        assertThat(roles.isMember("retained_user", "rds_iam")).isTrue();
    }

    /** What CloudFormation sends for a retained resource never arrives; one that does changes nothing. */
    @Test
    void aRetainedResourcesOwnDeleteChangesNothingAndReadsNoOtherSecret() throws Exception {
        Map<String, Object> retained = with(props("retained_user"), p -> p.put("UndoOnDelete", "false"));
        RoleGrantHandler handler = handler(List.of(Events.create("Retained", retained)));
        String id = id(handler.handleRequest(Events.create("Retained", retained), LocalContext.recording()));
        int adminReads = secrets.reads(Events.SECRET_ARN);
        int listReads = secrets.reads(ALLOW_LIST);
        int opened = connections.get();
        LocalContext context = LocalContext.recording();

        Map<String, Object> response = handler.handleRequest(Events.delete("Retained", id, retained), context);

        assertThat(id(response)).isEqualTo(id);
        assertThat(roles.isMember("retained_user", "rds_iam")).isTrue();
        assertThat(secrets.reads(Events.SECRET_ARN)).isEqualTo(adminReads);
        assertThat(secrets.reads(ALLOW_LIST)).isEqualTo(listReads);
        assertThat(connections.get()).isEqualTo(opened);
        assertThat(context.log()).contains("nothing changed");
    }

    @Test
    void withoutAUsableKeyNothingIsServedNotEvenADelete() throws Exception {
        Map<String, Object> victim = props("victim_user");
        String id = Events.physicalId("Victim", victim);
        secrets.secret(ALLOW_LIST, TestTargets.json(List.of(Events.create("Victim", victim))));
        String shortKey = "arn:aws:secretsmanager:us-east-1:123456789012:secret:short-key-AbC123";
        secrets.secret(shortKey, "too-short-" + "x".repeat(10));
        String goneKey = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-key-AbC123";
        secrets.missing(goneKey);
        int adminReads = secrets.reads(Events.SECRET_ARN);

        RoleGrantHandler noVariable = handler(AllowedTargets.SECRET_VARIABLE, ALLOW_LIST);
        assertThatThrownBy(() -> noVariable.handleRequest(Events.delete("Victim", id, victim), LocalContext.recording()))
                .hasMessageContaining(IdKeySecret.SECRET_VARIABLE + " is not set");
        assertThatThrownBy(() -> noVariable.handleRequest(Events.create("Victim", victim), LocalContext.recording()))
                .hasMessageContaining(IdKeySecret.SECRET_VARIABLE + " is not set");
        RoleGrantHandler tooShort = handler(AllowedTargets.SECRET_VARIABLE, ALLOW_LIST, IdKeySecret.SECRET_VARIABLE,
                shortKey);
        assertThatThrownBy(() -> tooShort.handleRequest(Events.delete("Victim", id, victim), LocalContext.recording()))
                .hasMessageContaining("fewer than " + IdKeySecret.MIN_LENGTH + " characters")
                .hasMessageNotContaining("too-short-");
        RoleGrantHandler gone = handler(AllowedTargets.SECRET_VARIABLE, ALLOW_LIST, IdKeySecret.SECRET_VARIABLE,
                goneKey);
        assertThatThrownBy(() -> gone.handleRequest(Events.delete("Victim", id, victim), LocalContext.recording()))
                .hasMessageContaining("Could not read the physical-id key secret " + goneKey)
                .hasMessageContaining("restore it");

        assertThat(secrets.reads(Events.SECRET_ARN)).isEqualTo(adminReads);
        assertThat(connections.get()).isZero();
    }

    /** A Create or Update answers with the signed id, and a Delete with it passes. */
    @Test
    void theIdsTheHandlerGivesAreTheOnesItAccepts() throws Exception {
        Map<String, Object> v1 = props("debezium");
        Map<String, Object> v2 = props("debezium", "analytics");
        RoleGrantHandler handler = handler(List.of(Events.create("Grants", v1), Events.create("Grants", v2)));

        String created = id(handler.handleRequest(Events.create("Grants", v1), LocalContext.recording()));
        String updated = id(handler.handleRequest(Events.update("Grants", created, v1, v2), LocalContext.recording()));

        assertThat(created).matches("rds-iam-replication:localhost:" + pg.getPort() + ":[0-9a-f]{32}")
                .isEqualTo(Events.physicalId("Grants", v1));
        assertThat(updated).as("users are not signed: no replacement").isEqualTo(created);
        handler.handleRequest(Events.delete("Grants", updated, v2), LocalContext.recording());
        assertThat(roles.nonFixtureRoles()).isEmpty();
    }
}
