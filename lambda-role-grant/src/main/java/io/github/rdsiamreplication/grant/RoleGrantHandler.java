package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.GrantsResource;
import io.github.rdsiamreplication.contract.IdKeySecret;
import io.github.rdsiamreplication.contract.RoleNameRules;
import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.lambdakit.CustomResourceResponse;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;
import io.github.rdsiamreplication.lambdakit.Lazy;
import io.github.rdsiamreplication.lambdakit.RequestType;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The custom-resource handler (CDK Provider framework onEvent): grants {@code rds_iam} and replication
 * rights to the listed users, and on Update/Delete undoes only what it granted itself.
 * After Create/Update it reads the settings in effect ({@link ServerSettingsReport}), logs them and adds
 * them to {@code Data} under {@link SettingsInEffect}'s fixed keys; "not yet in effect" never fails.
 * Answers {@code PhysicalResourceId} and a small {@code Data}; fails by throwing.
 */
public class RoleGrantHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Kept back from the Lambda's remaining time, to answer CloudFormation before the timeout. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);
    /** How long a Delete keeps trying to reach the database before giving up with a warning. */
    static final Duration DELETE_BUDGET = Duration.ofMinutes(3);

    private final Supplier<TargetAllowList> allowedTargets;
    private final Supplier<IdKey> idKey;
    private final Supplier<AdminSecretReader> secretReader;
    private final Function<GrantProperties, ConnectionSettings> settings;
    private final DatabaseConnector.ConnectionOpener opener;
    private final Clock clock;

    /**
     * The Lambda entry: the secrets through the AWS SDK's Secrets Manager client (made once per container, on
     * the first event that needs it), pgjdbc, the RDS CA bundle; serves only the targets the constructs listed
     * in the allow-list secret its environment names ({@code RDS_IAM_REPLICATION_ALLOWED_TARGETS_SECRET}),
     * read for every Create and Update, and Deletes of the physical ids it signed with the key in the secret
     * named in {@code RDS_IAM_REPLICATION_ID_KEY_SECRET} (read once per container: it never changes).
     */
    public RoleGrantHandler() {
        this(new Lazy<>(SecretStringReader::fromEnvironment));
    }

    private RoleGrantHandler(Supplier<SecretStringReader> secrets) {
        this(() -> TargetAllowList.fromSecret(System::getenv, secrets.get()),
                new Lazy<>(() -> IdKey.fromSecret(System::getenv,
                        arn -> secrets.get().secretString(arn, SecretUnreadableException.ID_KEY_SECRET))),
                () -> new AdminSecretReader(secrets.get()),
                ConnectionSettings::forRds, DatabaseConnector.PGJDBC, Clock.systemUTC());
    }

    /**
     * The seam for tests (package-private: trusted CAs and connections are never chosen through the
     * public API).
     *
     * @param allowedTargets gives the targets this handler may serve, asked once per Create or Update (an
     *     event for another is refused before the admin secret is read)
     * @param idKey gives the key that signs and checks physical ids, asked once per event (a Delete whose id
     *     it did not sign is refused before any other secret is read)
     * @param secretReader gives the admin secret reader
     * @param settings how to reach the server named in the properties
     * @param opener opens one connection
     * @param clock the clock for deadlines
     */
    RoleGrantHandler(Supplier<TargetAllowList> allowedTargets, Supplier<IdKey> idKey,
            Supplier<AdminSecretReader> secretReader,
            Function<GrantProperties, ConnectionSettings> settings, DatabaseConnector.ConnectionOpener opener,
            Clock clock) {
        this.allowedTargets = allowedTargets;
        this.idKey = idKey;
        this.secretReader = secretReader;
        this.settings = settings;
        this.opener = opener;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Consumer<String> log = line -> context.getLogger().log(line + "\n");
        Deadline deadline = Deadline.in(clock,
                Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN));
        GrantRequest request;
        try {
            request = EventParser.parse(event);
        } catch (InvalidRequestException e) {
            if (event != null && "Delete".equals(event.get("RequestType")) && event.get("PhysicalResourceId") != null) {
                // Such properties never passed a Create, so this resource never granted anything.
                log.accept("warning: Delete with invalid properties (" + e.getMessage() + "); nothing to undo");
                return response(String.valueOf(event.get("PhysicalResourceId")), 0, 0);
            }
            throw e;
        }
        if (request.type() != RequestType.DELETE) {
            // Before the admin secret is read. A Delete is authorized by its signed physical id instead: CloudFormation
            // sends the Delete of a removed or replaced resource after the list was updated without it.
            allowedTargets.get().check(event);
        }
        log.accept(request.type() + " " + request.logicalResourceId() + " on "
                + request.properties().endpoint() + " for " + request.properties().users().size() + " user(s)");
        return switch (request.type()) {
            case CREATE, UPDATE -> apply(request, deadline, log);
            case DELETE -> delete(request, deadline.earliest(Deadline.in(clock, DELETE_BUDGET)), log);
        };
    }

    private Map<String, Object> apply(GrantRequest request, Deadline deadline, Consumer<String> log) {
        GrantProperties props = request.properties();
        String id = PhysicalIds.of(idKey.get(), request.stackId(), request.logicalResourceId(), props);
        if (request.type() == RequestType.UPDATE && !id.equals(request.physicalResourceId())) {
            log.accept("new physical id " + id + " (the endpoint, admin secret, TLS mode or removal policy changed); "
                    + "CloudFormation then deletes the old one: on this same server that Delete finds nothing to undo "
                    + "(this Update takes the resource's ledger rows over), on another server it undoes the grants "
                    + "there");
        }
        LedgerKey key = LedgerKey.adopting(request.stackId(), request.logicalResourceId(), id);
        Applied applied = run(props, key, DesiredState.of(props, request.type()), deadline, log);
        Map<String, Object> response = response(id, props.users().size(), applied.plan().statements().size());
        CustomResourceResponse.data(response).putAll(applied.settings().toData());
        return response;
    }

    /**
     * Undoes what the resource did. Only a database that is gone (nothing answers on the network until
     * the budget ends) lets the Delete succeed with a warning; anything else (a refused login, an
     * unreadable secret, a TLS or SQL error) fails it with the remedy, so no LOGIN role with rds_iam and
     * replication rights is silently left behind.
     */
    private Map<String, Object> delete(GrantRequest request, Deadline deadline, Consumer<String> log) {
        // The only authorization a Delete has: the handler signed this id for exactly this resource, endpoint,
        // secret, TLS mode and removal policy when it served the resource's Create or Update.
        if (!PhysicalIds.isTheIdOf(idKey.get(), request.stackId(), request.logicalResourceId(), request.properties(),
                request.physicalResourceId())) {
            throw new InvalidRequestException("refused before reading the admin secret: a Delete of resource "
                    + request.logicalResourceId() + " of stack " + request.stackId() + " names the physical id "
                    + request.physicalResourceId() + ", which is not the id this handler gave that resource with "
                    + "these properties (Host, Port, SecretArn, SslMode and UndoOnDelete are signed in it); "
                    + "CloudFormation always sends the id the handler gave, so nothing was undone. If the key secret "
                    + "named in " + IdKeySecret.SECRET_VARIABLE + " was replaced, the ids signed with the old key "
                    + "cannot be checked any more: undo those grants by hand (the ledger lists them)");
        }
        if (!request.properties().undoOnDelete()) {
            // RemovalPolicy.RETAIN: CloudFormation sends no Delete, so whatever sent this one gets nothing undone.
            log.accept("Delete of a resource whose removal policy keeps its roles and grants (UndoOnDelete false): "
                    + "nothing changed");
            return response(request.physicalResourceId(), 0, 0);
        }
        try {
            LedgerKey key = LedgerKey.labeled(request.stackId(), request.logicalResourceId(),
                    request.physicalResourceId());
            Plan plan = run(request.properties(), key, DesiredState.NOTHING, deadline, log).plan();
            return response(request.physicalResourceId(), 0, plan.statements().size());
        } catch (UnreachableException e) {
            log.accept("warning: " + e.getMessage() + " The Delete succeeds anyway so the stack can be removed; "
                    + "grants recorded in " + GrantLedger.TABLE + " for resource " + request.logicalResourceId()
                    + " (physical id " + request.physicalResourceId() + ") were not undone.");
            return response(request.physicalResourceId(), 0, 0);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Delete failed, so the roles and grants this resource made are still "
                    + "in place: " + e.getMessage() + " Fix that and retry the deletion; or, to keep the roles and "
                    + "grants on purpose, set the construct's removalPolicy to RemovalPolicy.RETAIN, deploy, and "
                    + "then remove it (no Delete then reaches the handler).");
        }
    }

    /** What a run did, and (when it granted) the settings in effect afterwards; null settings for an undo. */
    private record Applied(Plan plan, SettingsInEffect settings) {
    }

    private Applied run(GrantProperties props, LedgerKey key, DesiredState desired, Deadline deadline,
            Consumer<String> log) {
        return withConnection(props, deadline, log, (connection, admin, safeLog) -> {
            List<String> problems = desired.users().isEmpty() ? List.of()
                    : RoleNameRules.problemsWith(desired.users(), admin.username());
            if (!problems.isEmpty()) {
                throw new InvalidRequestException(String.join("; ", problems));
            }
            Plan plan = new RoleReconciler(safeLog).reconcile(connection, key, desired, deadline);
            safeLog.accept("done: " + plan.statements().size() + " statement(s) on " + props.endpoint());
            if (desired.users().isEmpty()) {
                return new Applied(plan, null);
            }
            return new Applied(plan, ServerSettingsReport.afterGrants(connection, desired.users(), safeLog));
        });
    }

    /** Work done on one admin connection, given a log that redacts the password. */
    private interface SqlWork<T> {
        T run(Connection connection, AdminCredentials admin, Consumer<String> safeLog) throws SQLException;
    }

    /**
     * Reads the admin secret, connects (with retries) to the server's maintenance database, where the
     * ledger and the lock live whatever {@code Database} says, and runs {@code work}; every error that
     * leaves here has the password redacted and no cause attached that could carry it.
     */
    private <T> T withConnection(GrantProperties props, Deadline deadline, Consumer<String> log, SqlWork<T> work) {
        // Host, port and database are checked here, before the secret is read.
        ConnectionSettings where = settings.apply(props).withDatabase(GrantLedger.DATABASE);
        AdminCredentials admin = secretReader.get().read(props.secretArn());
        Consumer<String> safeLog = line -> log.accept(admin.redact(line));
        try (Connection connection = new DatabaseConnector(opener, safeLog).connect(where, admin, deadline)) {
            return work.run(connection, admin, safeLog);
        } catch (SQLException e) {
            throw new IllegalStateException(admin.redact("On " + where.describe() + ": " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + "); the transaction was rolled back, nothing changed"));
        } catch (InvalidRequestException | UnreachableException | SecretUnreadableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException(admin.redact(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static Map<String, Object> response(String physicalId, int users, int statements) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(GrantsResource.DATA_USERS, String.valueOf(users));
        data.put(GrantsResource.DATA_STATEMENTS, String.valueOf(statements));
        return CustomResourceResponse.of(physicalId, data);
    }
}
