package io.github.rdsiamreplication.paramgroup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.rdsiamreplication.rdsapi.LazyRdsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterParameterGroupNotFoundException;

/**
 * Custom-resource handler (CDK Provider onEvent) for a parameter group made outside the stack, which
 * CloudFormation cannot change: sets the given parameters through the RDS API, remembers in the
 * physical id what it found, and on Delete puts that back (resetting to the engine default what was
 * the default) wherever the group still holds the value this resource set ({@link RestorePlan}).
 * CloudFormation sends no Delete when the resource's removal policy is RETAIN.
 *
 * <p>Properties: {@code GroupName}, {@code GroupKind} ({@code instance} or {@code cluster}),
 * {@code Parameters} (name to value).
 */
public class ParameterGroupHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Supplier<RdsParameterGroups> groups;

    /** The Lambda entry: an RDS client from the Lambda environment (created on first use). */
    public ParameterGroupHandler() {
        this(new LazyRdsClient<>(RdsParameterGroups::new));
    }

    /** @param groups how to reach the RDS API */
    public ParameterGroupHandler(Supplier<RdsParameterGroups> groups) {
        this.groups = groups;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        try {
            return handle(event, line -> context.getLogger().log(line + "\n"));
        } catch (AwsServiceException e) {
            if (e.isThrottlingException()) {
                throw new IllegalStateException("the RDS API kept throttling the requests (" + e.awsErrorDetails()
                        .errorCode() + ") after the SDK's retries; nothing more was changed. Deploy again when "
                        + "fewer RDS API calls run in this account and region");
            }
            throw e;
        }
    }

    private Map<String, Object> handle(Map<String, Object> event, Consumer<String> log) {
        String type = String.valueOf(event.get("RequestType"));
        String physicalId = (String) event.get("PhysicalResourceId");
        if ("Delete".equals(type)) {
            return delete(physicalId, event, log);
        }
        Map<String, Object> props = map(event.get("ResourceProperties"), "ResourceProperties");
        ParameterGroupRef group = ParameterGroupRef.of(string(props, "GroupKind"), string(props, "GroupName"));
        Map<String, String> wanted = parameters(props);
        try {
            if ("Update".equals(type) && ParameterMemory.isOurs(physicalId)
                    && ParameterMemory.group(physicalId).equals(group)) {
                Map<String, FoundParameter> remembered = ParameterMemory.found(physicalId);
                if (!remembered.keySet().equals(wanted.keySet())) {
                    throw new IllegalArgumentException("the parameters of " + group + " changed from "
                            + remembered.keySet() + " to " + wanted.keySet() + "; that needs a new resource");
                }
                groups.get().modify(group, wanted, remembered);
                log.accept("set " + wanted + " in " + group);
                return response(physicalId, group);
            }
            Map<String, FoundParameter> found = groups.get().describe(group, wanted.keySet());
            groups.get().modify(group, wanted, found);
            log.accept("set " + wanted + " in " + group + "; found before: " + found.values());
            return response(ParameterMemory.encode(group, found), group);
        } catch (DbParameterGroupNotFoundException | DbClusterParameterGroupNotFoundException e) {
            throw new IllegalStateException(group + " does not exist in this account and region; check the name "
                    + "the database uses (" + e.awsErrorDetails().errorMessage() + ")");
        } catch (AwsServiceException e) {
            if (String.valueOf(e.awsErrorDetails().errorCode()).startsWith("InvalidParameter")) {
                throw new IllegalStateException("the RDS API refused " + wanted + " in " + group + ": "
                        + e.awsErrorDetails().errorMessage() + "; check that the group's family supports them "
                        + "(rds.iam_auth_for_replication needs PostgreSQL 11 or later) and that the group is not "
                        + "an engine default group");
            }
            throw e;
        }
    }

    /**
     * Puts back what Create found, but only where the group still holds the value this resource set:
     * a value someone changed since (a DBA, another stack) is theirs and stays, with a log line and
     * {@code Data.LeftAlone}.
     */
    private Map<String, Object> delete(String physicalId, Map<String, Object> event, Consumer<String> log) {
        if (!ParameterMemory.isOurs(physicalId)) {
            log.accept("Delete of " + physicalId + ": not made by this handler (a failed Create); nothing to restore");
            return response(physicalId, null);
        }
        ParameterGroupRef group = ParameterMemory.group(physicalId);
        Map<String, FoundParameter> found = ParameterMemory.found(physicalId);
        Map<String, String> ours = event.get("ResourceProperties") instanceof Map<?, ?> props
                && props.get("Parameters") instanceof Map<?, ?> ? parameters(map(props, "ResourceProperties"))
                : Map.of();
        try {
            RestorePlan plan = RestorePlan.of(found, ours, groups.get().describe(group, found.keySet()));
            if (!plan.restore().isEmpty()) {
                groups.get().modify(group, plan.restore(), found);
            }
            if (!plan.reset().isEmpty()) {
                groups.get().reset(group, plan.reset());
            }
            log.accept("restored in " + group + ": " + plan.restoredNames());
            plan.leftAlone().forEach(line -> log.accept("left alone in " + group + ": " + line));
            Map<String, Object> response = response(physicalId, group);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) response.get("Data");
            data.put("Restored", String.join(",", plan.restoredNames()));
            data.put("LeftAlone", String.join(",", plan.leftAloneNames()));
            return response;
        } catch (DbParameterGroupNotFoundException | DbClusterParameterGroupNotFoundException e) {
            log.accept("warning: " + group + " no longer exists; nothing to restore");
        }
        return response(physicalId, group);
    }

    private static Map<String, Object> response(String physicalId, ParameterGroupRef group) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (group != null) {
            data.put("GroupName", group.name());
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("PhysicalResourceId", physicalId);
        response.put("Data", data);
        return response;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String key) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(key + " is missing or not an object");
    }

    private static String string(Map<String, Object> props, String key) {
        if (props.get(key) instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new IllegalArgumentException("ResourceProperties." + key + " is required");
    }

    private static Map<String, String> parameters(Map<String, Object> props) {
        Map<String, String> wanted = new TreeMap<>();
        map(props.get("Parameters"), "ResourceProperties.Parameters").forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("ResourceProperties.Parameters." + k + " must be a string");
            }
            wanted.put(k, s);
        });
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("ResourceProperties.Parameters is empty");
        }
        return wanted;
    }
}
