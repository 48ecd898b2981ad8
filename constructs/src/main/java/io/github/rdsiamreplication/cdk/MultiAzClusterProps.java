package io.github.rdsiamreplication.cdk;

import java.util.List;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.CfnDBCluster;

/**
 * A Multi-AZ DB cluster for {@link ReplicationTarget#multiAzCluster}: the L1 cluster plus what an L1
 * cannot tell. Immutable; build with {@link #builder()}. The admin secret is not here: by default the
 * construct uses the secret RDS manages when the cluster has {@code manageMasterUserPassword: true};
 * otherwise set it on the construct ({@link IamReplicationAuth.Builder#adminSecret}).
 */
public final class MultiAzClusterProps {
    private final CfnDBCluster cluster;
    private final IVpc vpc;
    private final List<ISecurityGroup> securityGroups;

    private MultiAzClusterProps(Builder b) {
        this.cluster = b.cluster;
        this.vpc = b.vpc;
        this.securityGroups = b.securityGroups == null ? null : List.copyOf(b.securityGroups);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cluster: engine {@code postgres}, {@code dbClusterInstanceClass} set, an explicit engine version. Required.
     *
     * @return the cluster
     */
    public CfnDBCluster getCluster() {
        return cluster;
    }

    /**
     * The VPC the cluster's subnet group is in; the handler Lambda runs there. Required.
     *
     * @return the vpc
     */
    public IVpc getVpc() {
        return vpc;
    }

    /**
     * The security groups in the cluster's {@code vpcSecurityGroupIds}; the handler is admitted through them. Required.
     *
     * @return the security groups
     */
    public List<ISecurityGroup> getSecurityGroups() {
        return securityGroups;
    }

    /** Builds {@link MultiAzClusterProps}. */
    public static final class Builder {
        private CfnDBCluster cluster;
        private IVpc vpc;
        private List<ISecurityGroup> securityGroups;

        private Builder() {
        }

        /**
         * @param cluster the Multi-AZ DB cluster (required)
         * @return this
         */
        public Builder cluster(CfnDBCluster cluster) {
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
         * @param securityGroups its security groups (required, one or more)
         * @return this
         */
        public Builder securityGroups(List<ISecurityGroup> securityGroups) {
            this.securityGroups = securityGroups;
            return this;
        }

        /** @return the properties */
        public MultiAzClusterProps build() {
            return new MultiAzClusterProps(this);
        }
    }
}
