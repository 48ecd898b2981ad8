package io.github.rdsiamreplication.dbsettings;

import io.github.rdsiamreplication.contract.DatabaseSettingsResource;
import io.github.rdsiamreplication.lambdakit.CustomResourceEvent;
import io.github.rdsiamreplication.lambdakit.CustomResourceResponse;
import io.github.rdsiamreplication.lambdakit.Lazy;
import io.github.rdsiamreplication.lambdakit.RequestType;
import io.github.rdsiamreplication.lambdakit.ResourceProperties;
import io.github.rdsiamreplication.rdsapi.RdsClients;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * Custom-resource handler (CDK Provider onEvent and isComplete) for a database made outside the stack,
 * or one whose static parameter waits for a reboot: switches IAM database authentication on
 * ({@code ApplyImmediately}), then, polled by the Provider framework, waits until the database is
 * available again and, with {@code RebootPolicy if_pending}, reboots the instances whose parameters
 * wait for it, readers first and the writer last, one at a time, each at most once per deployment
 * (see {@link RebootPlan}). {@code Data.ParameterApplyStatus} reports what it read last.
 * Delete changes nothing (IAM database authentication stays on).
 *
 * <p>Properties: {@code Kind} ({@code instance} or {@code cluster}), {@code Identifier},
 * {@code RebootPolicy} ({@code never} or {@code if_pending}), {@code ApplyOtherPendingChanges}
 * ({@code true} or {@code false}, default false).
 *
 * <p>onEvent returns {@value #DEPLOYMENT_START} (a top-level field the Provider framework passes to every
 * isComplete poll): restarts RDS recorded since then belong to this deployment.
 */
public class DatabaseSettingsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** The onEvent response field that tells isComplete when this deployment began (ISO-8601). */
    public static final String DEPLOYMENT_START = "DeploymentStartedAt";

    private final Supplier<RdsDatabases> databases;
    private final Clock clock;

    /** The Lambda entry: an RDS client from the Lambda environment (created on first use). */
    public DatabaseSettingsHandler() {
        this(new Lazy<>(() -> new RdsDatabases(RdsClients.fromEnvironment())), Clock.systemUTC());
    }

    /**
     * @param databases how to reach the RDS API
     * @param clock when onEvent runs, for {@value #DEPLOYMENT_START}
     */
    public DatabaseSettingsHandler(Supplier<RdsDatabases> databases, Clock clock) {
        this.databases = databases;
        this.clock = clock;
    }

    /** onEvent: asks for IAM database authentication. */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        CustomResourceEvent request = CustomResourceEvent.of(event);
        if (request.type() == RequestType.DELETE) {
            return CustomResourceResponse.of(request.physicalResourceId());
        }
        Instant start = clock.instant();
        DatabaseRef database = database(request.properties());
        try {
            boolean modified = databases.get().enableIamAuthentication(database);
            context.getLogger().log((modified ? "switched IAM database authentication on for " : "IAM database "
                    + "authentication already on for ") + database + "\n");
        } catch (DbInstanceNotFoundException | DbClusterNotFoundException e) {
            throw new IllegalStateException(database + " does not exist in this account and region; check the "
                    + "identifier given to the ReplicationTarget");
        }
        Map<String, Object> response = CustomResourceResponse.of(database.physicalId());
        response.put(DEPLOYMENT_START, start.toString());
        return response;
    }

    /**
     * isComplete: one poll of the database (and at most one reboot request).
     *
     * @param event the event, as the Provider framework passes it (with onEvent's {@value #DEPLOYMENT_START})
     * @param context the Lambda context
     * @return {@code IsComplete} and, when complete, {@code Data.ParameterApplyStatus}
     */
    public Map<String, Object> isComplete(Map<String, Object> event, Context context) {
        Map<String, Object> response = new LinkedHashMap<>();
        CustomResourceEvent request = CustomResourceEvent.of(event);
        if (request.type() == RequestType.DELETE) {
            response.put("IsComplete", true);
            return response;
        }
        DatabaseRef database = database(request.properties());
        DatabaseProgress progress = databases.get().poll(database, deploymentStart(event));
        context.getLogger().log(database + ": parameters " + progress.parameterApplyStatus()
                + (progress.done() ? ", done" : ", waiting for " + progress.waitingFor()) + "\n");
        response.put("IsComplete", progress.done());
        if (progress.done()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put(DatabaseSettingsResource.DATA_PARAMETER_APPLY_STATUS, progress.parameterApplyStatus());
            response.put("Data", data);
        }
        return response;
    }

    private static Instant deploymentStart(Map<String, Object> event) {
        try {
            return Instant.parse(String.valueOf(event.get(DEPLOYMENT_START)));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the isComplete event has no valid " + DEPLOYMENT_START + " from onEvent ('"
                    + event.get(DEPLOYMENT_START) + "'), so this poll cannot tell which reboots this deployment "
                    + "made; nothing is rebooted. Deploy again");
        }
    }

    private static DatabaseRef database(ResourceProperties p) {
        return DatabaseRef.of(p.oneOf(DatabaseSettingsResource.KIND, DatabaseSettingsResource.KINDS, null),
                p.requiredString(DatabaseSettingsResource.IDENTIFIER),
                p.string(DatabaseSettingsResource.REBOOT_POLICY,
                        DatabaseSettingsResource.DEFAULT_REBOOT_POLICY.propertyValue()),
                String.valueOf(p.bool(DatabaseSettingsResource.APPLY_OTHER_PENDING_CHANGES,
                        DatabaseSettingsResource.DEFAULT_APPLY_OTHER_PENDING_CHANGES)));
    }
}
