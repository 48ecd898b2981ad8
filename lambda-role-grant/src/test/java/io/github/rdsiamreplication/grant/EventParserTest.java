package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;
import io.github.rdsiamreplication.lambdakit.RequestType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventParserTest {
    private static Map<String, Object> createWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> props = Events.properties(5432, List.of("debezium"));
        change.accept(props);
        return Events.create("Grants", props);
    }

    private static void assertRejected(Consumer<Map<String, Object>> change, String message) {
        assertThatThrownBy(() -> EventParser.parse(createWith(change)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(message);
    }

    @Test
    void aCompleteCreateParsesWithItsValues() {
        GrantRequest request = EventParser.parse(createWith(p -> p.put("Users", List.of("a", "B c"))));

        assertThat(request.type()).isEqualTo(RequestType.CREATE);
        assertThat(request.properties()).isEqualTo(new GrantProperties("localhost", 5432, "postgres",
                Events.SECRET_ARN, List.of("a", "B c"), true, ReplicationGrant.RDS_REPLICATION, SslMode.DISABLE, true,
                true));
    }

    @Test
    void optionalPropertiesHaveTheirDefaults() {
        GrantRequest request = EventParser.parse(createWith(p -> {
            p.remove("Database");
            p.remove("CreateUsers");
            p.remove("ReplicationGrant");
            p.remove("SslMode");
            p.remove("Enabled");
        }));

        assertThat(request.properties().database()).isEqualTo("postgres");
        assertThat(request.properties().createUsers()).isTrue();
        assertThat(request.properties().replicationGrant()).isEqualTo(ReplicationGrant.RDS_REPLICATION);
        assertThat(request.properties().sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(request.properties().enabled()).isTrue();
        assertThat(request.properties().undoOnDelete()).isTrue();
    }

    @Test
    void undoOnDeleteIsReadAndChecked() {
        assertThat(EventParser.parse(createWith(p -> p.put("UndoOnDelete", "false"))).properties().undoOnDelete())
                .isFalse();
        assertRejected(p -> p.put("UndoOnDelete", "maybe"), "UndoOnDelete");
    }

    @Test
    void badInputIsRejectedNamingTheProperty() {
        assertRejected(p -> p.remove("Host"), "ResourceProperties.Host is required");
        assertRejected(p -> p.remove("SecretArn"), "ResourceProperties.SecretArn is required");
        assertRejected(p -> p.put("Port", "postgres"), "Port is 'postgres'");
        assertRejected(p -> p.put("Port", "70000"), "from 1 to 65535");
        assertRejected(p -> p.put("Port", List.of()), "ResourceProperties.Port is required");
        assertRejected(p -> p.put("Users", "debezium"), "Users is required: a list");
        assertRejected(p -> p.put("Users", List.of()), "list at least one user");
        assertRejected(p -> p.put("Users", new ArrayList<>(java.util.Arrays.asList("a", null))), "only strings");
        assertRejected(p -> p.put("Users", List.of("é".repeat(32))), "64 bytes");
        assertRejected(p -> p.put("Users", List.of("a", "a")), "listed twice");
        assertRejected(p -> p.put("CreateUsers", "yes"), "CreateUsers is 'yes'");
        assertRejected(p -> p.put("Enabled", "off"), "Enabled is 'off'");
        assertRejected(p -> p.put("ReplicationGrant", "superuser"), "ReplicationGrant is 'superuser'; use one of "
                + "rds_replication, alter_role");
        assertRejected(p -> p.put("SslMode", "allow"), "SslMode is 'allow'; use one of verify-full, require, disable");
        assertRejected(p -> p.put("Database", 5), "Database must be a string");
        assertRejected(p -> p.put("Host", " "), "Host is blank");
    }

    @Test
    void updateNeedsOldPropertiesAndDeleteAPhysicalId() {
        Map<String, Object> props = Events.properties(5432, List.of("debezium"));
        Map<String, Object> update = Events.update("Grants", "id", props, props);
        update.remove("OldResourceProperties");
        Map<String, Object> delete = Events.delete("Grants", "id", props);
        delete.remove("PhysicalResourceId");
        Map<String, Object> unknown = Events.create("Grants", props);
        unknown.put("RequestType", "Replace");

        assertThatThrownBy(() -> EventParser.parse(update)).hasMessageContaining("OldResourceProperties is missing");
        assertThatThrownBy(() -> EventParser.parse(delete)).hasMessageContaining("PhysicalResourceId is missing");
        assertThatThrownBy(() -> EventParser.parse(unknown)).hasMessageContaining("RequestType is 'Replace'");
    }
}
