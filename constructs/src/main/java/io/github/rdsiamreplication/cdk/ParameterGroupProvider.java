package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.ParametersResource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The parameter-group handler Lambda and its Provider, one per stack (outside any VPC: it only calls
 * the RDS API), for parameter groups made outside the stack.
 */
final class ParameterGroupProvider extends Construct {
    /** CloudFormation type of the parameter-group custom resource. */
    static final String RESOURCE_TYPE = ParametersResource.TYPE;
    private static final String ID = "RdsIamReplicationParameterGroups";

    private final Function handler;
    private final Provider provider;
    private final HandlerOptions options;
    private final String firstOwner;

    private ParameterGroupProvider(Construct scope, IamReplicationAuth owner) {
        super(scope, ID);
        options = owner.handlerOptions();
        firstOwner = owner.getNode().getPath();
        handler = JavaHandlers.function(this, HandlerJar.PARAMETER_GROUPS,
                "rds-iam-replication: sets the replication parameters in parameter groups made outside the stack",
                Duration.minutes(5), options).build();
        provider = JavaHandlers.provider(this, options).onEventHandler(handler).build();
        JavaHandlers.applyToFramework(this, options);
        JavaHandlers.recordNagSuppressions(this, handler);
    }

    private static ParameterGroupProvider of(Stack stack, IamReplicationAuth owner) {
        Object existing = stack.getNode().tryFindChild(ID);
        if (existing instanceof ParameterGroupProvider provider) {
            JavaHandlers.requireSameOptions("the stack's parameter-group handler", provider.firstOwner,
                    provider.options, owner, owner.handlerOptions());
            return provider;
        }
        return new ParameterGroupProvider(stack, owner);
    }

    /**
     * Sets {@code parameters} in a group CloudFormation cannot change, and puts back what it found when
     * the resource is deleted. The handler may touch only that group.
     *
     * @param scope where the custom resource is created
     * @param kind instance or cluster parameter group
     * @param groupName the group's name
     * @param parameters the values to set
     * @return the custom resource
     */
    static CustomResource patch(Construct scope, ParameterGroupKind kind, String groupName,
            Map<String, String> parameters) {
        Stack stack = Stack.of(scope);
        ParameterGroupProvider provider = of(stack, JavaHandlers.ownerOf(scope));
        boolean cluster = kind == ParameterGroupKind.CLUSTER;
        String arn = stack.formatArn(ArnComponents.builder().service("rds").resource(cluster ? "cluster-pg" : "pg")
                .resourceName(groupName).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        provider.handler.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(cluster
                        ? List.of("rds:DescribeDBClusterParameters", "rds:ModifyDBClusterParameterGroup",
                                "rds:ResetDBClusterParameterGroup")
                        : List.of("rds:DescribeDBParameters", "rds:ModifyDBParameterGroup",
                                "rds:ResetDBParameterGroup"))
                .resources(List.of(arn))
                .build());
        Map<String, Object> properties = new TreeMap<>();
        properties.put(ParametersResource.GROUP_NAME, groupName);
        properties.put(ParametersResource.GROUP_KIND, cluster ? ParametersResource.KIND_CLUSTER
                : ParametersResource.KIND_INSTANCE);
        properties.put(ParametersResource.PARAMETERS, new TreeMap<>(parameters));
        return JavaHandlers.customResource(scope, "ParameterGroupPatch", provider,
                provider.provider.getServiceToken(), RESOURCE_TYPE, properties);
    }
}
