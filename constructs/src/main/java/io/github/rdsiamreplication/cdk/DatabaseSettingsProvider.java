package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.DatabaseSettingsResource;
import io.github.rdsiamreplication.contract.RebootPolicy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The database-settings handler (onEvent + isComplete) and its Provider, one per stack, outside any VPC:
 * switches IAM database authentication on for databases made outside the stack and applies a pending
 * static parameter with a controlled reboot, polling until the database is available again.
 */
final class DatabaseSettingsProvider extends Construct {
    /** CloudFormation type of the database-settings custom resource. */
    static final String RESOURCE_TYPE = DatabaseSettingsResource.TYPE;
    private static final String ID = "RdsIamReplicationDatabaseSettings";

    private final Function onEvent;
    private final Function isComplete;
    private final Provider provider;
    private boolean eventsAllowed;
    private boolean membersWildcardRecorded;
    private final HandlerOptions options;
    private final String firstOwner;

    private DatabaseSettingsProvider(Construct scope, IamReplicationAuth owner) {
        super(scope, ID);
        options = owner.handlerOptions();
        firstOwner = owner.getNode().getPath();
        Construct events = new Construct(this, "OnEvent");
        onEvent = JavaHandlers.function(events, HandlerJar.DATABASE_SETTINGS,
                "rds-iam-replication: switches IAM database authentication on", Duration.minutes(2), options)
                .build();
        Construct polls = new Construct(this, "IsComplete");
        isComplete = JavaHandlers.function(polls, HandlerJar.DATABASE_SETTINGS_POLL,
                "rds-iam-replication: waits for the database and reboots it when asked", Duration.minutes(2),
                options).build();
        provider = JavaHandlers.provider(this, options)
                .onEventHandler(onEvent)
                .isCompleteHandler(isComplete)
                .queryInterval(Duration.seconds(30))
                .totalTimeout(Duration.minutes(55))
                .build();
        JavaHandlers.applyToFramework(this, options);
        JavaHandlers.recordNagSuppressions(this, onEvent, isComplete);
        recordWaiterNagSuppressions();
    }

    /** The Provider framework's Step Functions waiter (made for isComplete) and why its findings are acceptable. */
    private void recordWaiterNagSuppressions() {
        for (IConstruct child : getNode().findAll()) {
            if (!child.getNode().getPath().contains("/waiter-state-machine/")) {
                continue;
            }
            if (child instanceof CfnStateMachine machine) {
                NagSuppressions.suppress(machine, "AwsSolutions-SF1", "The CDK Provider framework's waiter only "
                        + "calls the isComplete handler, which logs every poll itself.");
                NagSuppressions.suppress(machine, "AwsSolutions-SF2", "A deploy-time waiter of a few polls; the "
                        + "handlers' own logs show each step, tracing would add nothing.");
            } else if (child instanceof CfnPolicy policy) {
                NagSuppressions.suppress(policy, "AwsSolutions-IAM5", "The waiter may invoke any version of the "
                        + "Provider framework's own isComplete and onTimeout functions, and nothing else.",
                        "regex:/^Resource::<.*Providerframework(isComplete|onTimeout)[0-9A-F]+\\.Arn>:\\*$/g");
            }
        }
    }

    private static DatabaseSettingsProvider of(Stack stack, IamReplicationAuth owner) {
        Object existing = stack.getNode().tryFindChild(ID);
        if (existing instanceof DatabaseSettingsProvider provider) {
            JavaHandlers.requireSameOptions("the stack's database-settings handlers", provider.firstOwner,
                    provider.options, owner, owner.handlerOptions());
            return provider;
        }
        return new DatabaseSettingsProvider(stack, owner);
    }

    /**
     * @param scope where the custom resource is created
     * @param target the database
     * @param policy what to do about a pending reboot
     * @param applyOtherPendingChanges whether a reboot may apply other pending modifications too
     * @return the custom resource; {@code ParameterApplyStatus} is its attribute
     */
    static CustomResource settings(Construct scope, ReplicationTarget target, RebootPolicy policy,
            boolean applyOtherPendingChanges) {
        Stack stack = Stack.of(scope);
        DatabaseSettingsProvider provider = of(stack, JavaHandlers.ownerOf(scope));
        for (PolicyStatement statement : statements(stack, target)) {
            provider.onEvent.addToRolePolicy(statement);
            provider.isComplete.addToRolePolicy(statement);
        }
        if (target.isCluster() && target.memberInstanceIdentifiers().isEmpty()) {
            provider.recordClusterMembersNagSuppression();
        }
        if (policy == RebootPolicy.IF_PENDING) {
            provider.allowReadingEvents();
        }
        Map<String, Object> properties = new TreeMap<>();
        properties.put(DatabaseSettingsResource.KIND, target.isCluster() ? DatabaseSettingsResource.KIND_CLUSTER
                : DatabaseSettingsResource.KIND_INSTANCE);
        properties.put(DatabaseSettingsResource.IDENTIFIER, target.identifier());
        properties.put(DatabaseSettingsResource.REBOOT_POLICY, policy.propertyValue());
        if (applyOtherPendingChanges != DatabaseSettingsResource.DEFAULT_APPLY_OTHER_PENDING_CHANGES) {
            properties.put(DatabaseSettingsResource.APPLY_OTHER_PENDING_CHANGES, String.valueOf(applyOtherPendingChanges));
        }
        return JavaHandlers.customResource(scope, "DatabaseSettings", provider, provider.provider.getServiceToken(),
                RESOURCE_TYPE, properties);
    }

    /**
     * The waiter reads the instances' events since the deployment began, to reboot each at most once;
     * {@code rds:DescribeEvents} has no resource-level permissions, so it needs {@code *}.
     */
    private void allowReadingEvents() {
        if (eventsAllowed) {
            return;
        }
        eventsAllowed = true;
        isComplete.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("rds:DescribeEvents"))
                .resources(List.of("*"))
                .build());
        IConstruct policy = isComplete.getRole().getNode().tryFindChild("DefaultPolicy");
        if (policy != null && policy.getNode().getDefaultChild() instanceof CfnPolicy cfn) {
            NagSuppressions.suppress(cfn, "AwsSolutions-IAM5", "rds:DescribeEvents supports no resource-level "
                    + "permissions; read-only, it tells the waiter whether it already rebooted an instance during "
                    + "this deployment, so that no instance is rebooted twice.", "Resource::*");
        }
    }

    /** The one wildcard the cluster statements need when the members are not known, and why. */
    private void recordClusterMembersNagSuppression() {
        if (membersWildcardRecorded) {
            return;
        }
        membersWildcardRecorded = true;
        for (Function function : List.of(onEvent, isComplete)) {
            IConstruct policy = function.getRole().getNode().tryFindChild("DefaultPolicy");
            if (policy != null && policy.getNode().getDefaultChild() instanceof CfnPolicy cfn) {
                NagSuppressions.suppress(cfn, "AwsSolutions-IAM5", "The member instances of an imported cluster "
                        + "(or a Multi-AZ DB cluster) are not known at synth and none were given "
                        + "(ImportedDatabaseProps.memberInstanceIdentifiers): DescribeDBInstances and "
                        + "RebootDBInstance on DB instances, nothing else.",
                        "Resource::arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:db:*");
            }
        }
    }

    /**
     * Least privilege: the database itself; for a cluster, its member instances when known at synth
     * (instances of this stack, or listed for an imported cluster), else all DB instances.
     */
    private static List<PolicyStatement> statements(Stack stack, ReplicationTarget target) {
        if (!target.isCluster()) {
            return List.of(PolicyStatement.Builder.create()
                    .actions(List.of("rds:DescribeDBInstances", "rds:ModifyDBInstance", "rds:RebootDBInstance"))
                    .resources(List.of(arn(stack, "db", target.identifier())))
                    .build());
        }
        List<String> members = target.memberInstanceIdentifiers();
        List<String> instanceArns = members.isEmpty() ? List.of(arn(stack, "db", "*"))
                : members.stream().map(id -> arn(stack, "db", id)).toList();
        return List.of(
                PolicyStatement.Builder.create()
                        .actions(List.of("rds:DescribeDBClusters", "rds:ModifyDBCluster"))
                        .resources(List.of(arn(stack, "cluster", target.identifier())))
                        .build(),
                PolicyStatement.Builder.create()
                        .actions(List.of("rds:DescribeDBInstances", "rds:RebootDBInstance"))
                        .resources(instanceArns)
                        .build());
    }

    private static String arn(Stack stack, String resource, String name) {
        return stack.formatArn(ArnComponents.builder().service("rds").resource(resource).resourceName(name)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }
}
