package io.github.rdsiamreplication.cdk;

import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.IDatabaseInstance;

/**
 * A database made outside the stack, for {@link ReplicationTarget#importedInstance} and
 * {@link ReplicationTarget#importedCluster}. Immutable; build with {@link #builder()}. The admin secret
 * is not here: set it on the construct ({@link IamReplicationAuth.Builder#adminSecret}), which requires
 * it for a database made outside the stack.
 */
public final class ImportedDatabaseProps {
    private final IDatabaseInstance instance;
    private final IDatabaseCluster cluster;
    private final IVpc vpc;
    private final String parameterGroupName;
    private final List<String> memberInstanceIdentifiers;

    private ImportedDatabaseProps(Builder b) {
        this.memberInstanceIdentifiers = List.copyOf(b.memberInstanceIdentifiers);
        this.instance = b.instance;
        this.cluster = b.cluster;
        this.vpc = b.vpc;
        this.parameterGroupName = b.parameterGroupName;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The instance, from {@code DatabaseInstance.fromDatabaseInstanceAttributes} with its
     * {@code instanceResourceId}, endpoint, port and security groups. Required for importedInstance.
     *
     * @return the instance
     */
    public IDatabaseInstance getInstance() {
        return instance;
    }

    /**
     * The cluster, from {@code DatabaseCluster.fromDatabaseClusterAttributes} with its
     * {@code clusterResourceIdentifier}, endpoint, port and security groups. Required for importedCluster.
     *
     * @return the cluster
     */
    public IDatabaseCluster getCluster() {
        return cluster;
    }

    /**
     * The VPC the database is in; the role-grant handler runs there. Required.
     *
     * @return the vpc
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The custom parameter group the database uses (a DB cluster parameter group for clusters); the two
     * parameters are set in it through the RDS API. Required; engine default groups are refused.
     *
     * @return the parameter group name
     */
    public String getParameterGroupName() {
        return parameterGroupName;
    }

    /**
     * For {@code importedCluster}: the DB instance identifiers of the cluster's members, so that the
     * handler may describe and reboot those instances only. Default: none, and then the permission
     * covers every DB instance of the account and region ({@code db:*}), since the members are not
     * known at synth. A member missing from the list cannot be rebooted (the deploy fails with
     * AccessDenied naming it): list a new member before it joins a rebooting deploy.
     *
     * @return the member instance identifiers
     */
    public List<String> getMemberInstanceIdentifiers() {
        return memberInstanceIdentifiers;
    }

    /** Builds {@link ImportedDatabaseProps}. */
    public static final class Builder {
        private IDatabaseInstance instance;
        private IDatabaseCluster cluster;
        private IVpc vpc;
        private String parameterGroupName;
        private List<String> memberInstanceIdentifiers = List.of();

        private Builder() {
        }

        /**
         * @param identifiers the imported cluster's member DB instance identifiers. Default: none
         *     (permission on all DB instances)
         * @return this
         */
        public Builder memberInstanceIdentifiers(List<String> identifiers) {
            this.memberInstanceIdentifiers = identifiers == null ? List.of() : identifiers;
            return this;
        }

        /**
         * @param instance the imported instance (required for importedInstance; leave unset for importedCluster)
         * @return this
         */
        public Builder instance(IDatabaseInstance instance) {
            this.instance = instance;
            return this;
        }

        /**
         * @param cluster the imported cluster (required for importedCluster; leave unset for importedInstance)
         * @return this
         */
        public Builder cluster(IDatabaseCluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * @param vpc its VPC (required)
         * @return this
         */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /**
         * @param name its custom parameter group (required)
         * @return this
         */
        public Builder parameterGroupName(String name) {
            this.parameterGroupName = name;
            return this;
        }

        /** @return the properties */
        public ImportedDatabaseProps build() {
            return new ImportedDatabaseProps(this);
        }
    }
}
