package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.rds.DatabaseInstance;

/**
 * The construct in another stack than its database (a replication stack beside a data stack): the stacks
 * may depend one way only, so everything the database's stack would have to refer to from the construct's
 * (the ingress rule from the handler's group) lives in the construct's stack, and what the database refers
 * to (its new parameter group) in the database's.
 */
class CrossStackTest {
    @Test
    void aConstructInAnotherStackThanItsDatabaseSynthesizesWithoutACycle() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        Stack replication = new Stack(t.app, "Replication");
        IamReplicationAuth.Builder.create(replication, "Repl").target(ReplicationTarget.instance(db))
                .replicationUsers(List.of("debezium")).build();

        t.app.synth(); // a dependency cycle between the stacks fails here

        Template data = Template.fromStack(t.stack);
        Template repl = Template.fromStack(replication);
        repl.resourceCountIs(IamReplicationAuth.RESOURCE_TYPE, 1);
        repl.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
        data.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
        data.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters",
                TestStacks.requiredParameters()));
        repl.resourceCountIs("AWS::RDS::DBParameterGroup", 0);
        assertThat(replication.getDependencies()).extracting(Stack::getStackName).containsExactly("TestStack");
        assertThat(t.stack.getDependencies()).isEmpty();
    }
}
