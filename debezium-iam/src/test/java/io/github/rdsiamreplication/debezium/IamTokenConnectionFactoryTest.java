package io.github.rdsiamreplication.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.jdbc.JdbcConfiguration;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The factory's checks, before any connection: TLS, region, the token provider. */
class IamTokenConnectionFactoryTest {
    private static JdbcConfiguration.Builder config() {
        return JdbcConfiguration.create().with("hostname", "orders.abc.eu-west-1.rds.amazonaws.com")
                .with("port", "5432").with("user", "debezium").with("dbname", "orders")
                .with("aws.region", "eu-west-1");
    }

    @Test
    void verifyFullWithTheRdsCaBundleWhenNothingIsSaidAndNoPasswordIsPassedOn() {
        Properties props = IamTokenConnectionFactory.driverProperties(config().with("password", "static-secret")
                .with("replication", "database").build());

        assertThat(props.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(props.getProperty("sslrootcert")).isEqualTo(RdsCaBundle.file().toString());
        assertThat(props).doesNotContainKey("password").doesNotContainKey("aws.region");
        assertThat(props.getProperty("replication")).as("Debezium's own settings pass through").isEqualTo("database");
    }

    @Test
    void aGivenCaFileIsKeptAndWeakerModesAreExplicitOrRefused() {
        assertThat(IamTokenConnectionFactory.driverProperties(config().with("sslmode", "verify-full")
                .with("sslrootcert", "/etc/ca.pem").build()).getProperty("sslrootcert")).isEqualTo("/etc/ca.pem");
        assertThat(IamTokenConnectionFactory.driverProperties(config().with("sslmode", "require").build()))
                .doesNotContainKey("sslrootcert").containsEntry("sslmode", "require");
        for (String weak : new String[] {"prefer", "allow", "verify-ca"}) {
            assertThatThrownBy(() -> IamTokenConnectionFactory.driverProperties(config().with("sslmode", weak).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("database.sslmode is '" + weak + "'").hasMessageContaining("verify-full");
        }
    }

    @Test
    void theRegionIsRequiredAndChecked() {
        assertThatThrownBy(() -> IamTokenConnectionFactory.endpoint(JdbcConfiguration.create()
                .with("hostname", "h").with("port", "5432").with("user", "debezium").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database.aws.region is required");
        assertThatThrownBy(() -> IamTokenConnectionFactory.endpoint(config().with("aws.region", "eu-west").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an AWS region");
    }

    @Test
    void aTokenProviderThatIsNotOneIsRefusedWithTheRemedy() {
        assertThatThrownBy(() -> new IamTokenConnectionFactory().connect(config()
                .with("iam.token.provider", "java.lang.String").with("sslmode", "disable").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database.iam.token.provider is 'java.lang.String'")
                .hasMessageContaining("public no-argument constructor");
    }
}
