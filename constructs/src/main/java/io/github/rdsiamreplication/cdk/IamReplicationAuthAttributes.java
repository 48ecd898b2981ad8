package io.github.rdsiamreplication.cdk;

import java.util.List;

/**
 * What {@link IamReplicationAuth#fromAttributes} needs to know about a construct made elsewhere (another
 * stack or app). Immutable; build with {@link #builder()}.
 */
public final class IamReplicationAuthAttributes {
    private final String resourceId;
    private final List<String> replicationUsers;
    private final String endpointAddress;
    private final String endpointPort;

    private IamReplicationAuthAttributes(Builder b) {
        this.resourceId = b.resourceId;
        this.replicationUsers = b.replicationUsers == null ? null : List.copyOf(b.replicationUsers);
        this.endpointAddress = b.endpointAddress;
        this.endpointPort = b.endpointPort;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The database's DbiResourceId / DbClusterResourceId. Required.
     *
     * @return the resource id
     */
    public String getResourceId() {
        return resourceId;
    }

    /**
     * The replication users grantConnect may name. Required.
     *
     * @return the replication users
     */
    public List<String> getReplicationUsers() {
        return replicationUsers;
    }

    /**
     * The endpoint address. Default: none (null).
     *
     * @return the endpoint address
     */
    public String getEndpointAddress() {
        return endpointAddress;
    }

    /**
     * The endpoint port. Default: none (null).
     *
     * @return the endpoint port
     */
    public String getEndpointPort() {
        return endpointPort;
    }

    /** Builds {@link IamReplicationAuthAttributes}. */
    public static final class Builder {
        private String resourceId;
        private List<String> replicationUsers;
        private String endpointAddress;
        private String endpointPort;

        private Builder() {
        }

        /**
         * @param resourceId DbiResourceId or DbClusterResourceId (required)
         * @return this
         */
        public Builder resourceId(String resourceId) {
            this.resourceId = resourceId;
            return this;
        }

        /**
         * @param users the replication users (required)
         * @return this
         */
        public Builder replicationUsers(List<String> users) {
            this.replicationUsers = users;
            return this;
        }

        /**
         * @param address the endpoint address. Default: none
         * @return this
         */
        public Builder endpointAddress(String address) {
            this.endpointAddress = address;
            return this;
        }

        /**
         * @param port the endpoint port. Default: none
         * @return this
         */
        public Builder endpointPort(String port) {
            this.endpointPort = port;
            return this;
        }

        /** @return the attributes */
        public IamReplicationAuthAttributes build() {
            return new IamReplicationAuthAttributes(this);
        }
    }
}
