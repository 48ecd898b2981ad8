package io.github.rdsiamreplication.cdk;

import java.util.List;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.IConstruct;

/**
 * IAM authentication for replication on one database, as other stacks see it: the attributes a
 * consumer needs and {@link #grantConnect}. Implemented by {@link IamReplicationAuth} and by
 * {@link IamReplicationAuth#fromAttributes}.
 */
public interface IIamReplicationAuth extends IConstruct {
    /** @return the database's resource id (DbiResourceId or DbClusterResourceId), the key of rds-db:connect ARNs */
    String getResourceId();

    /** @return the endpoint address consumers connect to, or null when an import did not give it */
    String getEndpointAddress();

    /** @return the endpoint port (as a string), or null when an import did not give it */
    String getEndpointPort();

    /** @return the replication users, in the order given */
    List<String> getReplicationUsers();

    /**
     * Allows {@code grantee} to log in as {@code user} with an IAM token ({@code rds-db:connect} on
     * {@code arn:aws:rds-db:REGION:ACCOUNT:dbuser:RESOURCE_ID/user}). The grantee may be in another stack.
     *
     * @param grantee the role or user of the replication consumer
     * @param user one of the replication users
     * @return the grant
     * @throws IllegalArgumentException when {@code user} is not one of the replication users
     */
    Grant grantConnect(IGrantable grantee, String user);
}
