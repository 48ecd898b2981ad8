package io.github.rdsiamreplication.cdk;

import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * A database made outside the stack, for {@link ReplicationTarget#importedInstance} and
 * {@link ReplicationTarget#importedCluster}. Immutable; build with {@link #builder()}.
 */
public final class ImportedDatabaseProps {
    private final IDatabaseInstance instance;
    private final IDatabaseCluster cluster;
    private final IVpc vpc;
    private final String parameterGroupName;
    private final ISecret adminSecret;

    private ImportedDatabaseProps(Builder b) {
        this.instance = b.instance;
        this.cluster = b.cluster;
        this.vpc = b.vpc;
        this.parameterGroupName = b.parameterGroupName;
        this.adminSecret = b.adminSecret;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The instance, from {@code DatabaseInstance.fromDatabaseInstanceAttributes} with its
     * {@code instanceResourceId}, endpoint, port and security groups. Required for importedInstance.
     */
    public IDatabaseInstance getInstance() {
        return instance;
    }

    /**
     * The cluster, from {@code DatabaseCluster.fromDatabaseClusterAttributes} with its
     * {@code clusterResourceIdentifier}, endpoint, port and security groups. Required for importedCluster.
     */
    public IDatabaseCluster getCluster() {
        return cluster;
    }

    /** The VPC the database is in; the role-grant handler runs there. Required. */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The custom parameter group the database uses (a DB cluster parameter group for clusters); the two
     * parameters are set in it through the RDS API. Required; engine default groups are refused.
     */
    public String getParameterGroupName() {
        return parameterGroupName;
    }

    /** The admin secret. Default: none here; then pass adminSecret on the construct. */
    public ISecret getAdminSecret() {
        return adminSecret;
    }

    /** Builds {@link ImportedDatabaseProps}. */
    public static final class Builder {
        private IDatabaseInstance instance;
        private IDatabaseCluster cluster;
        private IVpc vpc;
        private String parameterGroupName;
        private ISecret adminSecret;

        private Builder() {
        }

        /** @param instance the imported instance @return this */
        public Builder instance(IDatabaseInstance instance) {
            this.instance = instance;
            return this;
        }

        /** @param cluster the imported cluster @return this */
        public Builder cluster(IDatabaseCluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** @param vpc its VPC (required) @return this */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /** @param name its custom parameter group (required) @return this */
        public Builder parameterGroupName(String name) {
            this.parameterGroupName = name;
            return this;
        }

        /** @param adminSecret the admin secret; default none (pass it on the construct) @return this */
        public Builder adminSecret(ISecret adminSecret) {
            this.adminSecret = adminSecret;
            return this;
        }

        /** @return the properties */
        public ImportedDatabaseProps build() {
            return new ImportedDatabaseProps(this);
        }
    }
}
