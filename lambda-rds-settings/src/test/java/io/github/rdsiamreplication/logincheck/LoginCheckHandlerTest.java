package io.github.rdsiamreplication.logincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.client.IamAuthTokens;
import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.lambdakit.LocalContext;
import io.github.rdsiamreplication.testfixtures.TestCa;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login check against a real PostgreSQL 16 ({@code wal_level=logical}) whose pg_hba checks
 * passwords: the user's password stands in for the IAM token, so a right "token" logs in and a wrong
 * one is refused exactly as a login is refused.
 */
class LoginCheckHandlerTest {
    private static final String USER = "repl_user";
    private static final String NO_REPLICATION_USER = "plain_user";
    private static final String PASSWORD = "token-" + UUID.randomUUID();
    private static EmbeddedPostgres pg;

    private final List<String> asked = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "10")
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        Files.writeString(dir.toPath().resolve("pg_hba.conf"), String.join("\n",
                                "local all all trust",
                                "host all postgres 127.0.0.1/32 trust",
                                "host all postgres ::1/128 trust",
                                "host all all 127.0.0.1/32 scram-sha-256",
                                "host all all ::1/128 scram-sha-256", ""));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + USER + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'");
            st.execute("CREATE ROLE " + NO_REPLICATION_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        pg.close();
    }

    private LoginCheckHandler handler(String token) {
        return new LoginCheckHandler(() -> IamAuthTokens.builder().generator(endpoint -> {
            asked.add(endpoint.host() + ":" + endpoint.port() + "/" + endpoint.user());
            return token;
        }).build(), () -> "eu-west-1", new ReplicationLogin());
    }

    private static Map<String, Object> properties(int port, String user, boolean fail, SettingsInEffect settings) {
        Map<String, Object> props = new LinkedHashMap<>(settings.toData());
        props.put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:provider");
        props.put("Host", "localhost");
        props.put("Port", String.valueOf(port));
        props.put("Database", "postgres");
        props.put("User", user);
        props.put("SslMode", "disable");
        props.put("FailOnRefusedLogin", String.valueOf(fail));
        return props;
    }

    private static Map<String, Object> create(Map<String, Object> props) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", "Create");
        event.put("LogicalResourceId", "LoginCheck");
        event.put("ResourceProperties", props);
        return event;
    }

    private static SettingsInEffect ready() {
        return new SettingsInEffect("logical", "on", "on", List.of(), List.of());
    }

    @Test
    void theRightTokenLogsInForReplicationAndIdentifiesTheSystem() {
        LocalContext context = LocalContext.recording();

        Map<String, Object> response = handler(PASSWORD).handleRequest(
                create(properties(pg.getPort(), USER, true, ready())), context);

        assertThat(asked).containsExactly("localhost:" + pg.getPort() + "/" + USER);
        assertThat(response.get("Data")).isEqualTo(Map.of(LoginCheckHandler.LOGIN, "succeeded", "Timeline", "1"));
        assertThat(context.log()).containsPattern("IDENTIFY_SYSTEM systemid=\\d+, timeline=1, xlogpos=[0-9A-F]+/[0-9A-F]+, "
                + "dbname=postgres").doesNotContain(PASSWORD);
        assertThat(response.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aRefusedLoginFailsWithTheDiagnosisFromTheReport() {
        SettingsInEffect notInRdsIam = new SettingsInEffect("logical", "on", "on", List.of(USER), List.of());
        String wrong = "token-" + UUID.randomUUID();

        assertThatThrownBy(() -> handler(wrong).handleRequest(
                create(properties(pg.getPort(), USER, true, notInRdsIam)), LocalContext.recording()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replication login as '" + USER + "' at localhost:" + pg.getPort())
                .hasMessageContaining("was refused").hasMessageContaining("SQLState 28P01")
                .hasMessageContaining("'" + USER + "' is not a member of rds_iam")
                .hasMessageContaining("failOnRefusedLogin(false)")
                .message().doesNotContain(wrong);
    }

    @Test
    void aRefusedLoginOnAServerWaitingForItsRebootSaysReboot() {
        SettingsInEffect pending = new SettingsInEffect("replica", "off", "on", List.of(), List.of());

        assertThatThrownBy(() -> handler("token-" + UUID.randomUUID()).handleRequest(
                create(properties(pg.getPort(), USER, true, pending)), LocalContext.recording()))
                .hasMessageContaining("was refused").hasMessageContaining("waits for a reboot")
                .hasMessageContaining("RebootPolicy.IF_PENDING");
    }

    @Test
    void aRefusedLoginWithEverythingInEffectPointsAtTheTokenAndItsPermission() {
        assertThatThrownBy(() -> handler("token-" + UUID.randomUUID()).handleRequest(
                create(properties(pg.getPort(), USER, true, ready())), LocalContext.recording()))
                .hasMessageContaining("the token itself was refused")
                .hasMessageContaining("rds-db:connect on dbuser:{resource-id}/" + USER);
    }

    @Test
    void aUserWithoutReplicationRightsIsRefusedForReplicationEvenWithTheRightToken() {
        SettingsInEffect noReplication = new SettingsInEffect("logical", "on", "on", List.of(),
                List.of(NO_REPLICATION_USER));

        assertThatThrownBy(() -> handler(PASSWORD).handleRequest(
                create(properties(pg.getPort(), NO_REPLICATION_USER, true, noReplication)), LocalContext.recording()))
                .hasMessageContaining("was refused").hasMessageContaining("SQLState 42501")
                .hasMessageContaining("'" + NO_REPLICATION_USER + "' has no replication rights");
    }

    @Test
    void whenTheUserChoseWarningsARefusedLoginOnlyWarns() {
        LocalContext context = LocalContext.recording();
        SettingsInEffect applying = new SettingsInEffect("logical", "on", "off", List.of(), List.of());

        Map<String, Object> response = handler("token-" + UUID.randomUUID()).handleRequest(
                create(properties(pg.getPort(), USER, false, applying)), context);

        assertThat(response.get("Data")).isEqualTo(Map.of(LoginCheckHandler.LOGIN, "refused", "Timeline", ""));
        assertThat(context.log()).contains("warning: the replication login as '" + USER + "'")
                .contains("rds.iam_auth_for_replication is off").contains("still being applied");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsNotCalledARefusal() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;

        assertThatThrownBy(() -> handler(PASSWORD).handleRequest(create(properties(port, USER, true, ready())),
                LocalContext.recording()))
                .hasMessageContaining("failed before the server judged the token")
                .hasMessageContaining("security group").message().doesNotContain("was refused");
    }

    @Test
    void deleteDoesNotLogIn() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", "Delete");
        event.put("PhysicalResourceId", "rds-iam-replication-login-check:localhost:5432:" + USER);

        Map<String, Object> response = handler(PASSWORD).handleRequest(event, LocalContext.recording());

        assertThat(response).isEqualTo(Map.of("PhysicalResourceId",
                "rds-iam-replication-login-check:localhost:5432:" + USER));
        assertThat(asked).isEmpty();
    }

    @Test
    void aMissingPropertyIsNamed() {
        Map<String, Object> props = properties(pg.getPort(), USER, true, ready());
        props.remove("User");

        assertThatThrownBy(() -> handler(PASSWORD).handleRequest(create(props), LocalContext.recording()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ResourceProperties.User is required");
        assertThat(asked).isEmpty();
    }

    /**
     * The Host a review sent to the role-grant handler, and others that could carry URL text: refused
     * naming the property, before a token is made.
     */
    @Test
    void endpointPartsThatCouldCarryUrlTextAreRefusedBeforeATokenIsMade() {
        for (String host : new String[] {"[::ffff:127.0.0.1]:" + pg.getPort() + "/postgres?sslmode=disable&x=",
            "localhost/postgres?x=", "localhost:1234", "localhost;", "local host", "localhost%0a", "repl@localhost"}) {
            Map<String, Object> props = properties(pg.getPort(), USER, true, ready());
            props.put("Host", host);
            props.put("SslMode", "verify-full");
            assertThatThrownBy(() -> handler(PASSWORD).handleRequest(create(props), LocalContext.recording())).as(host)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ResourceProperties.Host is refused");
        }
        Map<String, Object> props = properties(pg.getPort(), USER, true, ready());
        props.put("Database", "postgres?sslmode=disable");
        assertThatThrownBy(() -> handler(PASSWORD).handleRequest(create(props), LocalContext.recording()))
                .hasMessageStartingWith("ResourceProperties.Database is refused");
        assertThat(asked).isEmpty();
    }

    @Test
    void verifyFullSucceedsWithTheTrustedCaAndIsRefusedWithTheRdsBundle() throws Exception {
        TestCa ca = TestCa.create();
        try (EmbeddedPostgres tls = ca.postgres().setServerConfig("wal_level", "logical").start()) {
            Map<String, Object> props = properties(tls.getPort(), "postgres", true, ready());
            props.put("SslMode", "verify-full");
            LoginCheckHandler trusting = new LoginCheckHandler(() -> IamAuthTokens.builder().generator(e -> "trust")
                    .build(), () -> "eu-west-1", new ReplicationLogin(CaBundle.fromFile(ca.caCertificate())));

            assertThat(trusting.handleRequest(create(props), LocalContext.recording()).get("Data"))
                    .isEqualTo(Map.of(LoginCheckHandler.LOGIN, "succeeded", "Timeline", "1"));
            assertThatThrownBy(() -> handler("trust").handleRequest(create(props), LocalContext.recording()))
                    .hasMessageContaining("failed before the server judged the token").hasMessageContaining("SSL");
        }
    }

    @Test
    void verifyFullRefusesAServerWhoseCertificateItCannotCheck() throws SQLException {
        Map<String, Object> props = properties(pg.getPort(), USER, true, ready());
        props.put("SslMode", "verify-full");

        assertThatThrownBy(() -> handler(PASSWORD).handleRequest(create(props), LocalContext.recording()))
                .hasMessageContaining("failed before the server judged the token")
                .hasMessageContaining("verify-full");
    }
}
