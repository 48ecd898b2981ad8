package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.RoleNameRules;
import java.util.List;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/** An {@link IamReplicationAuth} made elsewhere, known by its attributes; adds no resources. */
final class ImportedIamReplicationAuth extends Construct implements IIamReplicationAuth {
    private final IamReplicationAuthAttributes attributes;

    ImportedIamReplicationAuth(Construct scope, String id, IamReplicationAuthAttributes attributes) {
        super(scope, id);
        if (attributes == null || attributes.getResourceId() == null || attributes.getReplicationUsers() == null
                || attributes.getReplicationUsers().isEmpty()) {
            throw SynthChecks.error(this, "fromAttributes needs resourceId (the database's DbiResourceId or "
                    + "DbClusterResourceId) and one or more replicationUsers");
        }
        List<String> problems = RoleNameRules.problemsWith(attributes.getReplicationUsers(), null);
        if (!problems.isEmpty()) {
            throw SynthChecks.error(this, "fromAttributes replicationUsers: " + String.join("; ", problems));
        }
        this.attributes = attributes;
    }

    @Override
    public String getResourceId() {
        return attributes.getResourceId();
    }

    @Override
    public String getEndpointAddress() {
        return attributes.getEndpointAddress();
    }

    @Override
    public String getEndpointPort() {
        return attributes.getEndpointPort();
    }

    @Override
    public List<String> getReplicationUsers() {
        return attributes.getReplicationUsers();
    }

    @Override
    public Grant grantConnect(IGrantable grantee, String user) {
        return DbUserGrants.grantConnect(this, attributes.getResourceId(), attributes.getReplicationUsers(), grantee,
                user);
    }
}
