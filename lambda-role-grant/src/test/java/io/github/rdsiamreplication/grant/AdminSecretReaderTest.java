package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The reader over the real SDK client against a local endpoint speaking Secrets Manager's wire protocol:
 * the GetSecretValue JSON, refusals (IAM, KMS, not found) and throttling, and no answer at all.
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
                .hasMessageContaining(missing).hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("does not exist");
        assertThat(stub.reads(missing)).as("a refusal is not retried").isEqualTo(1);
    }

    @Test
    void anAccessDeniedNamesThePermissionToGrantAndIsNotRetried() {
        String denied = ARN + "-denied";
        stub.adminSecret(denied);
        stub.accessDenied(denied);

        assertThatThrownBy(() -> reader.read(denied)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(denied).hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("secretsmanager:GetSecretValue")
                .hasMessageNotContaining(PostgresServers.ADMIN_PASSWORD);
        assertThat(stub.reads(denied)).isEqualTo(1);
    }

    @Test
    void aKmsRefusalNamesTheKeyPermission() {
        String locked = ARN + "-kms";
        stub.adminSecret(locked);
        stub.kmsDenied(locked);

        assertThatThrownBy(() -> reader.read(locked)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(locked).hasMessageContaining("Access to KMS is not allowed")
                .hasMessageContaining("kms:Decrypt").hasMessageNotContaining(PostgresServers.ADMIN_PASSWORD);
    }

    @Test
    void theRefusalIsPerSecretAndLiftedWhenAllowed() {
        String open = ARN + "-open";
        String closed = ARN + "-closed";
        stub.adminSecret(open);
        stub.adminSecret(closed);
        stub.accessDenied(closed);

        assertThat(reader.read(open).username()).isEqualTo(PostgresServers.ADMIN);
        assertThatThrownBy(() -> reader.read(closed)).hasMessageContaining("AccessDeniedException");
        stub.allow(closed);
        assertThat(reader.read(closed).username()).isEqualTo(PostgresServers.ADMIN);
    }

    @Test
    void eachReadIsSignedForTheClientsRegion() {
        String arn = "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:rds-admin-a1b2c3";
        stub.adminSecret(arn);
        AdminSecretReader china = new AdminSecretReader(new SecretStringReader(stub.sdkClient("cn-north-1")));

        assertThat(china.read(arn).username()).isEqualTo(PostgresServers.ADMIN);
        assertThat(stub.readLog()).filteredOn(r -> r.secretId().equals(arn)).singleElement()
                .isEqualTo(new SecretsManagerStub.Read(arn, SecretsManagerStub.ACCESS_KEY_ID, "cn-north-1"));
    }

    @Test
    void throttlingIsRetriedUntilTheSecretComes() {
        String arn = ARN + "-throttled";
        stub.throttledThen(arn, 2, "{\"username\":\"postgres\",\"password\":\"pw\"}");

        assertThat(reader.read(arn).password()).isEqualTo("pw");
        assertThat(stub.reads(arn)).isEqualTo(3);
    }

    @Test
    void throttlingThatDoesNotEndFailsAfterTheSdksAttemptsNamingIt() {
        String arn = ARN + "-always-throttled";
        stub.alwaysThrottled(arn);

        assertThatThrownBy(() -> reader.read(arn)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(arn).hasMessageContaining("ThrottlingException")
                .hasMessageContaining("retry the deployment");
        assertThat(stub.reads(arn)).as("standard retry mode: 3 attempts").isEqualTo(3);
    }

    @Test
    void noSecretsManagerListeningNamesTheNetworkPath() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        AdminSecretReader nobody = new AdminSecretReader(new SecretStringReader(SecretsManagerClient.builder()
                .endpointOverride(URI.create("http://localhost:" + freePort)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create()).build()));

        assertThatThrownBy(() -> nobody.read(ARN)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(ARN).hasMessageContaining("did not answer (ConnectException")
                .hasMessageContaining("NAT route or an interface VPC endpoint for Secrets Manager");
    }
}
