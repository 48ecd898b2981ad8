package io.github.rdsiamreplication.sample;

import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.constructs.IConstruct;

/**
 * Makes {@code cdk destroy} delete every log group of the stack, the construct's handler log groups
 * included (the CDK keeps log groups by default). A sample should leave nothing behind; a production
 * stack would usually keep them.
 */
final class DestroyLogGroups implements IAspect {
    @Override
    public void visit(IConstruct node) {
        if (node instanceof CfnLogGroup logGroup) {
            logGroup.applyRemovalPolicy(RemovalPolicy.DESTROY);
        }
    }
}
