package io.github.rdsiamreplication.cdk;

import java.util.List;
import java.util.TreeMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.CfnDBInstance;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.ParameterGroupInstanceBindOptions;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** An RDS for PostgreSQL DB instance defined in this app ({@link ReplicationTarget#instance}). */
final class InstanceTarget implements ReplicationTarget {
    private final DatabaseInstance instance;
    private final CfnDBInstance cfn;

    InstanceTarget(DatabaseInstance instance) {
        if (instance == null) {
            throw new IllegalArgumentException("ReplicationTarget.instance(null): pass the DatabaseInstance whose "
                    + "replication users should log in with IAM");
        }
        this.instance = instance;
        this.cfn = (CfnDBInstance) instance.getNode().getDefaultChild();
    }

    @Override
    public IConstruct database() {
        return instance;
    }

    @Override
    public void validate() {
        String path = instance.getNode().getPath();
        IInstanceEngine engine = instance.getEngine();
        if (engine == null || !"postgres".equals(engine.getEngineType())) {
            throw new IllegalArgumentException("[" + path + "] the instance's engine is "
                    + (engine == null ? "unknown" : "'" + engine.getEngineType() + "'")
                    + "; IAM authentication for replication needs PostgreSQL: use DatabaseInstanceEngine.postgres(...)");
        }
        if (engine.getEngineVersion() == null) {
            throw new IllegalArgumentException("[" + path + "] the instance's PostgreSQL engine has no version, so "
                    + "the parameter group family cannot be known; set one, e.g. DatabaseInstanceEngine.postgres("
                    + "PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_16).build())");
        }
        String major = engine.getEngineVersion().getMajorVersion();
        if (PostgresVersions.major(major) < PostgresVersions.MINIMUM_MAJOR) {
            throw new IllegalArgumentException("[" + path + "] the instance runs PostgreSQL " + major
                    + "; IAM authentication for replication needs PostgreSQL " + PostgresVersions.MINIMUM_MAJOR
                    + " or later: upgrade the engine version");
        }
    }

    @Override
    public IConstruct enableReplicationParameters(Construct scope) {
        Stack stack = Stack.of(instance);
        Object groupName = cfn.getDbParameterGroupName();
        if (groupName == null) {
            ParameterGroup group = ParameterGroup.Builder.create(scope, "ParameterGroup")
                    .engine(instance.getEngine())
                    .description("PostgreSQL parameters for IAM authentication of replication connections")
                    .parameters(new TreeMap<>(ReplicationParameters.REQUIRED))
                    .build();
            cfn.setDbParameterGroupName(group.bindToInstance(ParameterGroupInstanceBindOptions.builder().build())
                    .getParameterGroupName());
            return group;
        }
        ParameterGroup group = ParameterGroupLocator.findInstanceGroup(stack, groupName).orElseThrow(() ->
                new IllegalArgumentException("[" + instance.getNode().getPath() + "] the instance uses parameter group "
                        + stack.resolve(groupName) + ", which is not a ParameterGroup created in "
                        + "this stack, so CloudFormation cannot change it; use a ParameterGroup defined in this "
                        + "stack, or leave parameterGroup unset and the construct creates one"));
        List<String> conflicts = ReplicationParameters.conflicts(
                ParameterGroupLocator.currentInstanceParameters(stack, group), group.getNode().getPath());
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", conflicts));
        }
        ReplicationParameters.REQUIRED.forEach(group::addParameter);
        // A parameter set to another value after this construct was made would win silently: check at synth.
        group.getNode().addValidation(() -> ReplicationParameters.conflicts(
                ParameterGroupLocator.currentInstanceParameters(stack, group), group.getNode().getPath()));
        return group;
    }

    @Override
    public void enableIamAuthentication() {
        Object current = Stack.of(instance).resolve(cfn.getEnableIamDatabaseAuthentication());
        if (Boolean.FALSE.equals(current)) {
            throw new IllegalArgumentException("[" + instance.getNode().getPath() + "] iamAuthentication is false "
                    + "on the instance; IAM authentication for replication needs it: set it to true or leave it unset");
        }
        cfn.setEnableIamDatabaseAuthentication(true);
    }

    @Override
    public String endpointAddress() {
        return instance.getDbInstanceEndpointAddress();
    }

    @Override
    public String endpointPort() {
        return instance.getDbInstanceEndpointPort();
    }

    @Override
    public String resourceId() {
        return cfn.getAttrDbiResourceId();
    }

    @Override
    public Connections connections() {
        return instance.getConnections();
    }

    @Override
    public IVpc vpc() {
        return instance.getVpc();
    }

    @Override
    public ISecret generatedAdminSecret() {
        return instance.getSecret();
    }

    @Override
    public String adminUsernameIfKnown() {
        String name = cfn.getMasterUsername();
        return name == null || Token.isUnresolved(name) ? null : name;
    }
}
