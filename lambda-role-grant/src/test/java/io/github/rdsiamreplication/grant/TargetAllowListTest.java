package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.AllowedTargets;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler serves only the targets the constructs deployed (the allow-list secret named in
 * {@link AllowedTargets#SECRET_VARIABLE}, read from a local Secrets Manager endpoint for every Create and
 * Update): an event naming another secret, host, port or a weaker TLS mode is refused before the admin secret
 * is read and before any connection is opened; without the variable, or with an allow-list secret that cannot
 * be read, it serves no Create or Update. Deletes, authorized by their signed physical id instead, are
 * SignedDeleteTest's.
 */
class TargetAllowListTest {
    private static final String OTHER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ123";
    private static final String ALLOW_LIST = "arn:aws:secretsmanager:us-east-1:123456789012:secret:allowed-AbC123";
    private static SecretsManagerStub secrets;
    private static EmbeddedPostgres pg;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
        secrets.adminSecret(OTHER_SECRET);
        pg = PostgresServers.postgres16();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    @BeforeEach
    void reset() throws Exception {
        new RoleInspector(pg).reset();
        connections.set(0);
    }

    private Map<String, Object> deployed() {
        return Events.properties(pg.getPort(), List.of("debezium"));
    }

    /** @param allowList the allow-list secret's value, or null for a handler whose variable is not set */
    private RoleGrantHandler handler(String allowList) {
        if (allowList != null) {
            secrets.secret(ALLOW_LIST, allowList);
        }
        return handlerNaming(allowList == null ? null : ALLOW_LIST);
    }

    private RoleGrantHandler handlerNaming(String allowListArn) {
        return new RoleGrantHandler(
                () -> TargetAllowList.fromSecret(
                        name -> AllowedTargets.SECRET_VARIABLE.equals(name) ? allowListArn : null, secrets.client()),
                () -> Events.ID_KEY, () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                (settings, credentials) -> {
                    connections.incrementAndGet();
                    return DatabaseConnector.PGJDBC.open(settings, credentials);
                }, Clock.systemUTC());
    }

    private RoleGrantHandler deployedHandler() {
        return handler(TestTargets.json(List.of(Events.create("Grants", deployed()))));
    }

    /** Asserts the event is refused with the message, having read no admin secret and opened no connection. */
    private void assertRefusedUntouched(RoleGrantHandler handler, Map<String, Object> event, String... message)
            throws Exception {
        int requestsBefore = secrets.reads(Events.SECRET_ARN) + secrets.reads(OTHER_SECRET);
        assertThatThrownBy(() -> handler.handleRequest(event, LocalContext.recording()))
                .satisfies(e -> {
                    for (String part : message) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
        assertThat(secrets.reads(Events.SECRET_ARN) + secrets.reads(OTHER_SECRET)).as("admin secret reads")
                .isEqualTo(requestsBefore);
        assertThat(connections).as("connections opened").hasValue(0);
        assertThat(new RoleInspector(pg).nonFixtureRoles()).isEmpty();
    }

    private Map<String, Object> deployedWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> props = deployed();
        change.accept(props);
        return props;
    }

    @Test
    void aCreateOutsideTheListIsRefusedBeforeTheSecretIsRead() throws Exception {
        RoleGrantHandler handler = deployedHandler();
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.put("Host", "attacker.example"))),
                "refused before reading the admin secret", "attacker.example", AllowedTargets.SECRET_VARIABLE);
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.put("SslMode", "require"))),
                "refused before reading the admin secret", "SslMode require");
        assertRefusedUntouched(handler, Events.create("Grants",
                deployedWith(p -> p.put("Port", String.valueOf(pg.getPort() + 1)))), "refused before reading the admin secret");
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.put("SecretArn", OTHER_SECRET))),
                "refused before reading the admin secret", OTHER_SECRET);
        // No SslMode in the event would mean verify-full: not what was deployed either.
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.remove("SslMode"))),
                "refused before reading the admin secret", "SslMode null");
    }

    @Test
    void anUpdateOutsideTheListFailsToo() throws Exception {
        RoleGrantHandler handler = deployedHandler();
        Map<String, Object> elsewhere = deployedWith(p -> p.put("Host", "attacker.example"));

        assertRefusedUntouched(handler, Events.update("Grants", Events.physicalId("Grants", deployed()), deployed(),
                elsewhere), "refused before reading the admin secret", "attacker.example");
    }

    @Test
    void anEventInsideTheListIsServed() throws Exception {
        RoleGrantHandler handler = handler(TestTargets.json(List.of(
                Events.create("Grants", deployedWith(p -> p.put("SecretArn", OTHER_SECRET))),
                Events.create("Grants", deployed()))));
        RoleInspector roles = new RoleInspector(pg);

        Map<String, Object> created = handler.handleRequest(Events.create("Grants", deployed()), LocalContext.recording());
        assertThat(roles.isMember("debezium", "rds_iam")).isTrue();
        handler.handleRequest(Events.delete("Grants", (String) created.get("PhysicalResourceId"), deployed()),
                LocalContext.recording());

        assertThat(roles.nonFixtureRoles()).isEmpty();
        assertThat(connections.get()).isPositive();
    }

    /** The review's case: the deployed server, but users of the invoker's choosing (an existing role, say). */
    @Test
    void theInvokerCannotChooseUsersGrantOrDatabaseOnADeployedServer() throws Exception {
        RoleGrantHandler handler = deployedHandler();
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.put("Users", List.of("hostile")))),
                "refused before reading the admin secret", "Users [hostile]");
        assertRefusedUntouched(handler, Events.create("Grants",
                deployedWith(p -> p.put("Users", List.of("debezium", "hostile")))), "Users [debezium, hostile]");
        // Enabled false with an existing role would give it replication rights without rds_iam.
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> {
            p.put("Users", List.of("hostile"));
            p.put("Enabled", "false");
        })), "refused before reading the admin secret");
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.put("ReplicationGrant",
                "alter_role"))), "refused before reading the admin secret");
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.put("Database", "template1"))),
                "refused before reading the admin secret");
        assertRefusedUntouched(handler, Events.create("Grants", deployedWith(p -> p.put("Extra", "x"))),
                "refused before reading the admin secret");
    }

    @Test
    void theDeployedPropertiesUnderAnotherResourceOrStackAreRefused() throws Exception {
        RoleGrantHandler handler = deployedHandler();
        assertRefusedUntouched(handler, Events.create("Other", deployed()), "resource Other of stack");
        Map<String, Object> otherStack = Events.create("Grants", deployed());
        otherStack.put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/Other/00000000-0000-0000-0000-0");
        assertRefusedUntouched(handler, otherStack, "refused before reading the admin secret", "stack/Other");
        Map<String, Object> noStack = Events.create("Grants", deployed());
        noStack.remove("StackId");
        assertRefusedUntouched(handler, noStack, "StackId is required");
    }

    @Test
    void theServiceTokenIsNotPartOfTheComparison() throws Exception {
        RoleGrantHandler handler = deployedHandler();
        Map<String, Object> props = deployed();
        props.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:another-provider");

        handler.handleRequest(Events.create("Grants", props), LocalContext.recording());

        assertThat(new RoleInspector(pg).isMember("debezium", "rds_iam")).isTrue();
    }

    @Test
    void withoutTheVariableNoCreateOrUpdateIsServed() throws Exception {
        RoleGrantHandler handler = handler(null);

        assertRefusedUntouched(handler, Events.create("Grants", deployed()),
                AllowedTargets.SECRET_VARIABLE + " is not set", "IamReplicationAuth");
        assertRefusedUntouched(handler, Events.update("Grants", Events.physicalId("Grants", deployed()), deployed(),
                deployed()), AllowedTargets.SECRET_VARIABLE + " is not set");
    }

    @Test
    void theListIsReadForEveryEventSoATargetAddedLaterIsServedByTheSameHandler() throws Exception {
        Map<String, Object> elsewhere = Events.create("Grants", deployedWith(p -> p.put("Host", "other.example")));
        RoleGrantHandler handler = handler(TestTargets.json(List.of(elsewhere)));
        assertRefusedUntouched(handler, Events.create("Grants", deployed()), "refused before reading the admin secret");

        int listReads = secrets.reads(ALLOW_LIST);
        // The next deployment adds this target: the secret changes, the function (and its container) does not.
        secrets.secret(ALLOW_LIST, TestTargets.json(List.of(elsewhere, Events.create("Grants", deployed()))));
        handler.handleRequest(Events.create("Grants", deployed()), LocalContext.recording());

        assertThat(new RoleInspector(pg).isMember("debezium", "rds_iam")).isTrue();
        assertThat(secrets.reads(ALLOW_LIST)).isEqualTo(listReads + 1);
    }

    @Test
    void anAllowListSecretThatCannotBeReadServesNothing() throws Exception {
        String gone = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-QwE123";
        secrets.missing(gone);
        assertRefusedUntouched(handlerNaming(gone), Events.create("Grants", deployed()),
                "The allow-list secret " + gone, AllowedTargets.SECRET_VARIABLE, "serves no database",
                "Could not read the allow-list secret", "ResourceNotFoundException", "deploy the stack again");
        String denied = "arn:aws:secretsmanager:us-east-1:123456789012:secret:denied-QwE123";
        secrets.accessDenied(denied);
        assertRefusedUntouched(handlerNaming(denied), Events.update("Grants", Events.physicalId("Grants", deployed()),
                deployed(), deployed()), "The allow-list secret " + denied, "AccessDenied");
    }

    @Test
    void aMalformedListServesNothing() throws Exception {
        Map<String, Object> event = Events.create("Grants", deployed());
        assertRefusedUntouched(handler("{\"StackId\":\"x\"}"), event, "is malformed (it is not a JSON array)");
        assertRefusedUntouched(handler("[{\"StackId\":"), event, "is malformed (it is not well-formed JSON)");
        assertRefusedUntouched(handler("[{\"StackId\":\"" + Events.STACK_ID + "\",\"LogicalResourceId\":\"Grants\"}]"),
                event, "no object member \"Properties\"");
        assertRefusedUntouched(handler("[{\"LogicalResourceId\":\"Grants\",\"Properties\":{\"Host\":\"localhost\"}}]"),
                event, "no string member \"StackId\"");
        assertRefusedUntouched(handler("[\"Grants\"]"), event, "an entry is not a JSON object");
    }
}
