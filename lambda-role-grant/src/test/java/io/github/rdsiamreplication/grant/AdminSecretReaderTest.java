package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reader against a local stand-in speaking the AWS Parameters and Secrets Lambda Extension's HTTP
 * interface: path and query, the session-token header, the GetSecretValue JSON, refusals and throttling.
 */
class AdminSecretReaderTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds-admin-a1b2c3";
    private static SecretsManagerStub stub;
    private static AdminSecretReader reader;

    @BeforeAll
    static void start() {
        stub = new SecretsManagerStub();
        reader = new AdminSecretReader(stub.client());
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @Test
    void readsUsernameAndPasswordAndIgnoresOtherKeys() {
        stub.secret(ARN, "{\"engine\":\"postgres\",\"host\":\"db.example\",\"username\":\"postgres\","
                + "\"password\":\"p\\\"w\",\"port\":5432}");

        AdminCredentials credentials = reader.read(ARN);

        assertThat(credentials.username()).isEqualTo("postgres");
        assertThat(credentials.password()).isEqualTo("p\"w");
        assertThat(credentials.toString()).doesNotContain("p\"w");
    }

    @Test
    void aSecretWithoutPasswordIsAnErrorThatDoesNotShowTheSecret() {
        String arn = ARN + "-nopass";
        stub.secret(arn, "{\"username\":\"postgres\",\"pass\":\"hunter2-secret\"}");

        assertThatThrownBy(() -> reader.read(arn)).hasMessageContaining("no string \"password\"")
                .hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void aPasswordThatIsNotAStringIsRefused() {
        String arn = ARN + "-number";
        stub.secret(arn, "{\"username\":\"postgres\",\"password\":987654}");

        assertThatThrownBy(() -> reader.read(arn)).hasMessageContaining("no string \"password\"")
                .hasMessageNotContaining("987654");
    }

    @Test
    void aSecretThatIsNotJsonIsAnErrorThatDoesNotShowTheSecret() {
        String arn = ARN + "-text";
        stub.secret(arn, "hunter2-secret-not-json {");

        assertThatThrownBy(() -> reader.read(arn)).hasMessageContaining("not a JSON object")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingSecretIsARefusalNamingTheSecretAndTheRemedy() {
        String missing = ARN + "-gone";
        stub.missing(missing);

        assertThatThrownBy(() -> reader.read(missing)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(missing).hasMessageContaining("HTTP 400")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("does not exist");
        assertThat(stub.reads(missing)).as("a refusal is not retried").isEqualTo(1);
    }

    @Test
    void anAccessDeniedNamesThePermissionToGrant() {
        String denied = ARN + "-denied";
        stub.accessDenied(denied);

        assertThatThrownBy(() -> reader.read(denied)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("AccessDeniedException").hasMessageContaining("secretsmanager:GetSecretValue");
    }

    @Test
    void theSessionTokenIsRequiredAndAWrongOneIsRefused() {
        String arn = ARN + "-token";
        stub.adminSecret(arn);
        AdminSecretReader wrongToken = new AdminSecretReader(stub.clientWithToken("someone-else"));

        assertThatThrownBy(() -> wrongToken.read(arn)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("HTTP 401");
        assertThat(reader.read(arn).username()).isEqualTo(PostgresServers.ADMIN);
        assertThat(stub.reads(arn)).as("reads that carried the right token").isEqualTo(1);
    }

    @Test
    void throttlingIsRetriedUntilTheSecretComes() {
        String arn = ARN + "-throttled";
        stub.throttledThen(arn, 2, "{\"username\":\"postgres\",\"password\":\"pw\"}");

        assertThat(reader.read(arn).password()).isEqualTo("pw");
        assertThat(stub.reads(arn)).isEqualTo(3);
    }

    @Test
    void throttlingThatDoesNotEndIsUnreachableAfterTheLastAttempt() {
        String arn = ARN + "-always-throttled";
        stub.alwaysThrottled(arn);

        assertThatThrownBy(() -> reader.read(arn)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(arn).hasMessageContaining("HTTP 429")
                .hasMessageContaining(SecretsExtensionClient.ATTEMPTS + " attempts");
        assertThat(stub.reads(arn)).isEqualTo(SecretsExtensionClient.ATTEMPTS);
    }

    @Test
    void noExtensionListeningIsUnreachableAndNamesTheLayer() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        AdminSecretReader nobody = new AdminSecretReader(new SecretsExtensionClient(
                URI.create("http://localhost:" + freePort), SecretsManagerStub.SESSION_TOKEN, Duration.ofMillis(1)));

        assertThatThrownBy(() -> nobody.read(ARN)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("Parameters and Secrets Lambda Extension").hasMessageContaining("layer");
    }
}
