package io.github.rdsiamreplication.cdk;

import static io.github.rdsiamreplication.cdk.IamReplicationAuthTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The settings attributes, and the opt-in login check: its function, its one permission, its resource. */
class ReplicationLoginCheckTest {
    private static final String LOGIN_HANDLER = "io.github.rdsiamreplication.logincheck.LoginCheckHandler::handleRequest";

    private static Map<String, Object> grantsAttribute(Template template, String name) {
        return Map.of("Fn::GetAtt", List.of(logicalId(template, IamReplicationAuth.RESOURCE_TYPE), name));
    }

    @Test
    void theAttributesAreTheGrantsResourcesReportedValues() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();
        CfnOutput.Builder.create(t.stack, "WalLevel").value(auth.getAttrWalLevel()).build();
        CfnOutput.Builder.create(t.stack, "LogicalReplication").value(auth.getAttrLogicalReplication()).build();
        CfnOutput.Builder.create(t.stack, "IamAuth").value(auth.getAttrIamAuthForReplication()).build();
        CfnOutput.Builder.create(t.stack, "NoIam").value(auth.getAttrUsersWithoutRdsIam()).build();
        CfnOutput.Builder.create(t.stack, "NoRepl").value(auth.getAttrUsersWithoutRdsReplication()).build();
        CfnOutput.Builder.create(t.stack, "InEffect").value(auth.getAttrInEffect()).build();
        CfnOutput.Builder.create(t.stack, "Advice").value(auth.getAttrAdvice()).build();

        Template template = Template.fromStack(t.stack);
        Map<String, String> expected = Map.of("WalLevel", "WalLevel", "LogicalReplication", "LogicalReplication",
                "IamAuth", "IamAuthForReplication", "NoIam", "UsersWithoutRdsIam",
                "NoRepl", "UsersWithoutRdsReplication", "InEffect", "InEffect", "Advice", "Advice");
        expected.forEach((output, attribute) -> template.hasOutput(output,
                Map.of("Value", grantsAttribute(template, attribute))));
        assertThat(auth.getLoginCheck()).as("off by default").isNull();
        template.resourceCountIs(ReplicationLoginCheck.RESOURCE_TYPE, 0);
        assertThat(template.findResources("AWS::Lambda::Function", Map.of("Properties",
                Map.of("Handler", LOGIN_HANDLER)))).isEmpty();
    }

    @Test
    void theCheckLogsInAsTheChosenUserAfterTheGrantsGivenTheirReport() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium", "analytics")
                .verifyReplicationLogin(true).verifyReplicationLoginUser("analytics").failOnRefusedLogin(false)
                .build();

        Template template = Template.fromStack(t.stack);
        String db = logicalId(template, "AWS::RDS::DBInstance");
        template.hasResourceProperties(ReplicationLoginCheck.RESOURCE_TYPE, Match.objectEquals(Map.ofEntries(
                Map.entry("ServiceToken", Match.anyValue()),
                Map.entry("Host", Map.of("Fn::GetAtt", List.of(db, "Endpoint.Address"))),
                Map.entry("Port", Map.of("Fn::GetAtt", List.of(db, "Endpoint.Port"))),
                Map.entry("Database", "postgres"),
                Map.entry("User", "analytics"),
                Map.entry("SslMode", "verify-full"),
                Map.entry("FailOnRefusedLogin", "false"),
                Map.entry("WalLevel", grantsAttribute(template, "WalLevel")),
                Map.entry("LogicalReplication", grantsAttribute(template, "LogicalReplication")),
                Map.entry("IamAuthForReplication", grantsAttribute(template, "IamAuthForReplication")),
                Map.entry("UsersWithoutRdsIam", grantsAttribute(template, "UsersWithoutRdsIam")),
                Map.entry("UsersWithoutRdsReplication", grantsAttribute(template, "UsersWithoutRdsReplication")))));
        Map<String, Map<String, Object>> checks = template.findResources(ReplicationLoginCheck.RESOURCE_TYPE);
        @SuppressWarnings("unchecked")
        List<String> dependsOn = (List<String>) checks.values().iterator().next().get("DependsOn");
        assertThat(dependsOn).contains(logicalId(template, IamReplicationAuth.RESOURCE_TYPE));
        assertThat(auth.getLoginCheck()).isNotNull();
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", LOGIN_HANDLER,
                "Runtime", "java21", "VpcConfig", Map.of("SubnetIds", Match.arrayWith(List.of(Map.of("Ref",
                        Match.stringLikeRegexp("VpcappSubnet.*")))))));
    }

    @Test
    void theCheckMayConnectAsThatOneUserOnlyAndNothingElseNew() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium", "analytics").verifyReplicationLogin(true).build();

        Template template = Template.fromStack(t.stack);
        String role = logicalId(template, "AWS::IAM::Role", "ReplLoginCheckHandlerServiceRole.*");
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy", Map.of("Properties",
                Map.of("Roles", List.of(Map.of("Ref", role)))));
        assertThat(policies).hasSize(1);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", role)),
                "PolicyDocument", Map.of("Statement", Match.arrayEquals(List.of(Map.of(
                        "Action", "rds-db:connect", "Effect", "Allow",
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":rds-db:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                                ":dbuser:", Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::RDS::DBInstance"),
                                        "DbiResourceId")), "/debezium")))))))));
        // Its role has only the standard Lambda execution policies besides that statement.
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("ManagedPolicyArns",
                Match.arrayEquals(List.of(Match.objectLike(Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                        Match.stringLikeRegexp(".*AWSLambdaBasicExecutionRole")))))),
                        Match.objectLike(Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                                Match.stringLikeRegexp(".*AWSLambdaVPCAccessExecutionRole")))))))))));
    }

    @Test
    void theChecksNetworkReachesTheDatabasePortOnly() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").verifyReplicationLogin(true).build();

        Template template = Template.fromStack(t.stack);
        String group = logicalId(template, "AWS::EC2::SecurityGroup", "ReplLoginCheckSecurityGroup.*");
        Map<String, Object> dbPort = Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::RDS::DBInstance"),
                "Endpoint.Port"));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", "rds-iam-replication login check: reaches the database port only",
                "SecurityGroupEgress", Match.absent()));
        template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of("GroupId",
                Map.of("Fn::GetAtt", List.of(group, "GroupId")), "FromPort", dbPort, "ToPort", dbPort));
        assertThat(template.findResources("AWS::EC2::SecurityGroupEgress", Map.of("Properties",
                Map.of("GroupId", Map.of("Fn::GetAtt", List.of(group, "GroupId")))))).hasSize(1);
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("SourceSecurityGroupId",
                Map.of("Fn::GetAtt", List.of(group, "GroupId")), "FromPort", dbPort, "ToPort", dbPort));
    }

    @Test
    void wrongCombinationsAreErrorsNamingTheRemedy() {
        TestStacks t = TestStacks.withPrivateSubnets();
        assertThatThrownBy(() -> t.auth("A", t.instance("DbA"), "debezium").verifyReplicationLogin(true)
                .verifyReplicationLoginUser("postgres").build())
                .hasMessageContaining("verifyReplicationLoginUser 'postgres' is not one of the replicationUsers");
        assertThatThrownBy(() -> t.auth("B", t.instance("DbB"), "debezium").verifyReplicationLogin(true)
                .enabled(false).build())
                .hasMessageContaining("enabled is false");
        assertThatThrownBy(() -> t.auth("C", t.instance("DbC"), "debezium").verifyReplicationLoginUser("debezium")
                .build())
                .hasMessageContaining("set verifyReplicationLogin(true)");
    }

    @Test
    void twoSynthesesGiveTheSameTemplate() {
        List<Map<String, Object>> templates = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TestStacks t = TestStacks.withPrivateSubnets();
            t.auth("Repl", t.instance("Db"), "debezium").verifyReplicationLogin(true).build();
            templates.add(Template.fromStack(t.stack).toJSON());
        }
        assertThat(templates.get(1)).isEqualTo(templates.get(0));
    }
}
