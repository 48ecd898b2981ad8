package io.github.rdsiamreplication.cdk;

import java.util.Map;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.CfnDBInstance;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.IInstanceEngine;
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

    @Override
    public IConstruct enableReplicationParameters(Construct scope, Map<String, String> parameters) {
        return ReplicationParameterGroups.ensure(scope, instance, cfn.getDbParameterGroupName(),
                ParameterGroupKind.INSTANCE, instance.getEngine(), cfn::setDbParameterGroupName, parameters);
    }

    @Override
    public void enableIamAuthentication() {
        SynthChecks.enableIamAuthentication(instance, cfn.getEnableIamDatabaseAuthentication(),
                cfn::setEnableIamDatabaseAuthentication, "iamAuthentication on the instance");
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
    public ISecret generatedAdminSecret(Construct scope) {
        return instance.getSecret();
    }

    @Override
    public String adminUsernameIfKnown() {
        return SynthChecks.literalOrNull(cfn.getMasterUsername());
    }

    @Override
    public String identifier() {
        return instance.getInstanceIdentifier();
    }

    @Override
    public boolean isCluster() {
        return false;
    }
}
