package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.rds.DatabaseInstance;

/** The Debezium connector properties a stack can hand to MSK Connect or write as outputs. */
class DebeziumConnectorPropertiesTest {
    @Test
    void theConnectorLogsInWithTheIamFactoryOverVerifyFullSortedByName() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        IamReplicationAuth auth = t.auth("Repl", db, "debezium").databaseName("orders").build();

        Map<String, String> props = auth.debeziumConnectorProperties("debezium");

        assertThat(props.keySet()).containsExactly("connector.class", "database.aws.region",
                "database.connection.factory.class", "database.dbname", "database.hostname", "database.port",
                "database.sslmode", "database.user", "plugin.name");
        assertThat(props).containsEntry("database.user", "debezium").containsEntry("database.dbname", "orders")
                .containsEntry("database.sslmode", "verify-full").containsEntry("plugin.name", "pgoutput")
                .containsEntry("database.connection.factory.class",
                        "io.github.rdsiamreplication.debezium.IamTokenConnectionFactory");
        String logicalId = t.stack.getLogicalId((software.amazon.awscdk.CfnElement) db.getNode().getDefaultChild());
        assertThat(t.stack.resolve(props.get("database.hostname")))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "Endpoint.Address")));
        assertThat(t.stack.resolve(props.get("database.aws.region"))).isEqualTo(Map.of("Ref", "AWS::Region"));
    }

    @Test
    void aCaBundlePathAndAnotherDatabaseCanBeGivenAndTheOutputsAreStable() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();

        Map<String, String> props = auth.debeziumConnectorProperties("debezium", "app",
                "/opt/kafka/certs/rds-global-bundle.pem");
        props.forEach((name, value) -> CfnOutput.Builder.create(t.stack, "Dbz" + name.replaceAll("[^A-Za-z]", ""))
                .value(value).build());

        assertThat(props).containsEntry("database.dbname", "app")
                .containsEntry("database.sslrootcert", "/opt/kafka/certs/rds-global-bundle.pem");
        Template.fromStack(t.stack).hasOutput("Dbzdatabasesslmode", Map.of("Value", "verify-full"));
    }

    @Test
    void onlyAReplicationUserGetsProperties() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();

        assertThatThrownBy(() -> auth.debeziumConnectorProperties("postgres"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'postgres' is not one of the "
                        + "replicationUsers [debezium]");
    }
}
