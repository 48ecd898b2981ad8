package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.RoleNameRules;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.IConstruct;

/** {@code rds-db:connect} grants, shared by the construct and its imported form. */
final class DbUserGrants {
    private DbUserGrants() {
    }

    static Grant grantConnect(IConstruct owner, String resourceId, List<String> users, IGrantable grantee,
            String user) {
        RoleNameRules.problemWith(user).ifPresent(problem -> {
            throw SynthChecks.error(owner, "grantConnect: " + problem);
        });
        if (!users.contains(user)) {
            throw SynthChecks.error(owner, "grantConnect: '" + user + "' is not one of this construct's "
                    + "replicationUsers " + users + "; add it there first");
        }
        String arn = Stack.of(owner).formatArn(ArnComponents.builder()
                .service("rds-db")
                .resource("dbuser")
                .resourceName(resourceId + "/" + user)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("rds-db:connect"))
                .resourceArns(List.of(arn))
                .build());
    }
}
