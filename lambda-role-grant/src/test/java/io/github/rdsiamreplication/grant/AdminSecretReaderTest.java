package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Secrets Manager client against a local endpoint speaking its protocol. */
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
        stub.secret(ARN, "{\"username\":\"postgres\",\"pass\":\"hunter2-secret\"}");

        assertThatThrownBy(() -> reader.read(ARN)).hasMessageContaining("no string \"password\"")
                .hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void aSecretThatIsNotJsonIsAnErrorThatDoesNotShowTheSecret() {
        stub.secret(ARN, "hunter2-secret-not-json");

        assertThatThrownBy(() -> reader.read(ARN)).hasMessageContaining("not a JSON object")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingSecretIsReportedWithTheRemedy() {
        String missing = ARN + "-gone";
        stub.missing(missing);

        assertThatThrownBy(() -> reader.read(missing)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(missing).hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("The secret does not exist");
    }

    @Test
    void aSecretTheHandlerMayNotReadIsReportedWithThePermissionToAdd() {
        String denied = ARN + "-denied";
        stub.accessDenied(denied);

        assertThatThrownBy(() -> reader.read(denied)).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(denied).hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("secretsmanager:GetSecretValue").hasMessageContaining("kms:Decrypt");
    }
}
