package io.github.rdsiamreplication.paramgroup;

import io.github.rdsiamreplication.contract.ParametersResource;
import io.github.rdsiamreplication.lambdakit.CustomResourceEvent;
import io.github.rdsiamreplication.lambdakit.CustomResourceResponse;
import io.github.rdsiamreplication.lambdakit.Lazy;
import io.github.rdsiamreplication.lambdakit.RequestType;
import io.github.rdsiamreplication.lambdakit.ResourceProperties;
import io.github.rdsiamreplication.rdsapi.RdsClients;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DbClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;

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
        this(new Lazy<>(() -> new RdsParameterGroups(RdsClients.fromEnvironment())));
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
        CustomResourceEvent request = CustomResourceEvent.of(event);
        String physicalId = request.physicalResourceId();
        if (request.type() == RequestType.DELETE) {
            return delete(physicalId, request, log);
        }
        ResourceProperties props = request.properties();
        ParameterGroupRef group = ParameterGroupRef.of(props.oneOf(ParametersResource.GROUP_KIND,
                ParametersResource.KINDS, null), props.requiredString(ParametersResource.GROUP_NAME));
        Map<String, String> wanted = props.stringMap(ParametersResource.PARAMETERS);
        try {
            if (request.type() == RequestType.UPDATE && ParameterMemory.isOurs(physicalId)
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
    private Map<String, Object> delete(String physicalId, CustomResourceEvent event, Consumer<String> log) {
        if (!ParameterMemory.isOurs(physicalId)) {
            log.accept("Delete of " + physicalId + ": not made by this handler (a failed Create); nothing to restore");
            return response(physicalId, null);
        }
        ParameterGroupRef group = ParameterMemory.group(physicalId);
        Map<String, FoundParameter> found = ParameterMemory.found(physicalId);
        Map<String, String> ours = event.get("ResourceProperties") instanceof Map<?, ?> props
                && props.get(ParametersResource.PARAMETERS) instanceof Map<?, ?>
                ? event.properties().stringMap(ParametersResource.PARAMETERS) : Map.of();
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
            Map<String, Object> data = CustomResourceResponse.data(response);
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
            data.put(ParametersResource.DATA_GROUP_NAME, group.name());
        }
        return CustomResourceResponse.of(physicalId, data);
    }
}
