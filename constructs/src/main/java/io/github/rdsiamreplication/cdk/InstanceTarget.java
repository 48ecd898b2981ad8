package io.github.rdsiamreplication.cdk;

import java.util.Map;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.CfnDBInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceBase;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * An RDS for PostgreSQL DB instance defined in this app, new or restored from a snapshot
 * ({@link ReplicationTarget#instance}). The CDK's common parent of the two that creates the
 * {@code AWS::RDS::DBInstance} is not exported to Java, so the factories take each class and hand over
 * what that parent would give: the L1 (found as the default child), the VPC and the generated secret.
 */
final class InstanceTarget extends ReplicationTarget {
    private final DatabaseInstanceBase instance;
    private final CfnDBInstance cfn;
    private final IVpc vpc;
    private final ISecret secret;

    /**
     * @param instance a DatabaseInstance or DatabaseInstanceFromSnapshot (never null: the factories check)
     * @param vpc its VPC
     * @param secret its generated admin secret, or null
     */
    InstanceTarget(DatabaseInstanceBase instance, IVpc vpc, ISecret secret) {
        this.instance = instance;
        this.cfn = (CfnDBInstance) instance.getNode().getDefaultChild();
        this.vpc = vpc;
        this.secret = secret;
    }

    /** @return the instance's engine (a read replica runs its source's) */
    IInstanceEngine engine() {
        return instance.getEngine();
    }

    /** @return the instance's ARN, as a read replica names its source */
    String instanceArn() {
        return instance.getInstanceArn();
    }

    @Override
    IConstruct database() {
        return instance;
    }

    @Override
    Binding bind(Construct scope, Map<String, String> parameters) {
        validate();
        IConstruct group = enableReplicationParameters(scope, parameters);
        enableIamAuthentication();
        return new Binding(group, false);
    }

    /** Checks the engine and version; throws with the remedy when they cannot support the feature. */
    void validate() {
        IInstanceEngine engine = instance.getEngine();
        if (engine == null || !"postgres".equals(engine.getEngineType())) {
            throw SynthChecks.error(instance, "the instance's engine is "
                    + (engine == null ? "unknown" : "'" + engine.getEngineType() + "'")
                    + "; IAM authentication for replication needs PostgreSQL: use DatabaseInstanceEngine.postgres(...)");
        }
        if (engine.getEngineVersion() == null) {
            throw SynthChecks.error(instance, "the instance's PostgreSQL engine has no version, so "
                    + "the parameter group family cannot be known; set one, e.g. DatabaseInstanceEngine.postgres("
                    + "PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_16).build())");
        }
        String major = engine.getEngineVersion().getMajorVersion();
        if (PostgresVersions.major(major) < PostgresVersions.MINIMUM_MAJOR) {
            throw SynthChecks.error(instance, "the instance runs PostgreSQL " + major
                    + "; IAM authentication for replication needs PostgreSQL " + PostgresVersions.MINIMUM_MAJOR
                    + " or later: upgrade the engine version");
        }
    }

    /** Sets the parameters in the instance's group (or a new one); also used on a read replica's source. */
    IConstruct enableReplicationParameters(Construct scope, Map<String, String> parameters) {
        return ReplicationParameterGroups.ensure(scope, instance, cfn.getDbParameterGroupName(),
                ParameterGroupKind.INSTANCE, instance.getEngine(), cfn::setDbParameterGroupName, parameters);
    }

    private void enableIamAuthentication() {
        SynthChecks.enableIamAuthentication(instance, cfn.getEnableIamDatabaseAuthentication(),
                cfn::setEnableIamDatabaseAuthentication, "iamAuthentication on the instance");
    }

    @Override
    String endpointAddress() {
        return instance.getDbInstanceEndpointAddress();
    }

    @Override
    String endpointPort() {
        return instance.getDbInstanceEndpointPort();
    }

    @Override
    String resourceId() {
        return cfn.getAttrDbiResourceId();
    }

    @Override
    Connections connections() {
        return instance.getConnections();
    }

    @Override
    IVpc vpc() {
        return vpc;
    }

    @Override
    ISecret generatedAdminSecret(Construct scope) {
        return secret;
    }

    @Override
    String adminUsernameIfKnown() {
        return SynthChecks.literalOrNull(cfn.getMasterUsername());
    }

    @Override
    String identifier() {
        return instance.getInstanceIdentifier();
    }

    @Override
    boolean isCluster() {
        return false;
    }
}
