package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.RequestType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds CloudFormation custom-resource events as the Provider framework passes them (strings for scalars). */
final class Events {
    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/App/1c2b3a40-0000-11ef-0000-000000000000";
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:admin-AbCdEf";
    /** The physical-id key secret's value for tests (as Secrets Manager would generate it: letters and digits). */
    static final String ID_KEY_VALUE = "k3yF0rT3st5oNly0123456789abcdefghijABCDEFGHIJklmnopqrstKLMNOPQRST";
    /** The handler's physical-id key in tests, parsed by the handler's own code. */
    static final IdKey ID_KEY = IdKey.of(ID_KEY_VALUE);

    private Events() {
    }

    /** Resource properties for the test server: TLS off, the RDS-like admin secret. */
    static Map<String, Object> properties(int port, List<String> users) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:provider");
        props.put("Host", "localhost");
        props.put("Port", String.valueOf(port));
        props.put("Database", "postgres");
        props.put("SecretArn", SECRET_ARN);
        props.put("Users", new ArrayList<>(users));
        props.put("CreateUsers", "true");
        props.put("ReplicationGrant", "rds_replication");
        props.put("SslMode", "disable");
        props.put("Enabled", "true");
        return props;
    }

    /** @return the physical id the handler gives the resource {@code logicalId} with these properties */
    static String physicalId(String logicalId, Map<String, Object> props) {
        return PhysicalIds.of(ID_KEY, STACK_ID, logicalId, EventParser.parse(create(logicalId, props)).properties());
    }

    static Map<String, Object> create(String logicalId, Map<String, Object> props) {
        Map<String, Object> event = base("Create", logicalId);
        event.put("ResourceProperties", props);
        return event;
    }

    static Map<String, Object> update(String logicalId, String physicalId, Map<String, Object> oldProps,
            Map<String, Object> props) {
        Map<String, Object> event = base("Update", logicalId);
        event.put("PhysicalResourceId", physicalId);
        event.put("ResourceProperties", props);
        event.put("OldResourceProperties", oldProps);
        return event;
    }

    static Map<String, Object> delete(String logicalId, String physicalId, Map<String, Object> props) {
        Map<String, Object> event = base("Delete", logicalId);
        event.put("PhysicalResourceId", physicalId);
        event.put("ResourceProperties", props);
        return event;
    }

    private static Map<String, Object> base(String type, String logicalId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("StackId", STACK_ID);
        event.put("RequestId", "req-" + type);
        event.put("LogicalResourceId", logicalId);
        event.put("ResourceType", "Custom::RdsIamReplicationGrants");
        return event;
    }
}
