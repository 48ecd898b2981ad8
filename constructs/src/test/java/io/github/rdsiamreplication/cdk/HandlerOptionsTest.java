package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.RebootPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PermissionsBoundary;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.IDatabaseInstance;

/** Options for every function the construct deploys, and the shared functions' refusal of conflicts. */
class HandlerOptionsTest {

    /** A stack that brings all three providers: role grant, parameter groups, database settings. */
    private static void allProviders(TestStacks t, HandlerOptions options) {
        IDatabaseInstance orders = DatabaseInstance.fromDatabaseInstanceAttributes(t.stack, "Orders",
                DatabaseInstanceAttributes.builder().instanceIdentifier("orders-db")
                        .instanceEndpointAddress("orders-db.abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .instanceResourceId("db-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(t.stack, "OrdersSg",
                                "sg-0123456789abcdef0")))
                        .build());
        t.auth("Repl", ReplicationTarget.importedInstance(ImportedDatabaseProps.builder().instance(orders)
                        .vpc(t.vpc).parameterGroupName("orders-pg16").build()), "debezium")
                .adminSecret(t.adminSecret()).rebootPolicy(RebootPolicy.IF_PENDING).handlerOptions(options).build();
    }

    private static ManagedPolicy boundary(TestStacks t) {
        return ManagedPolicy.Builder.create(t.stack, "Boundary").statements(List.of(PolicyStatement.Builder.create()
                .actions(List.of("rds:*", "secretsmanager:GetSecretValue", "logs:*", "lambda:InvokeFunction"))
                .resources(List.of("*")).build())).build();
    }

    private static Map<String, Map<String, Object>> functions(Template template) {
        return template.findResources("AWS::Lambda::Function");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @Test
    void byDefaultEveryFunctionRunsOnX86AndLogsToAGroupKeptOneYear() {
        TestStacks t = TestStacks.withPrivateSubnets();
        allProviders(t, null);

        Template template = Template.fromStack(t.stack);
        Map<String, Map<String, Object>> functions = functions(template);
        assertThat(functions).hasSizeGreaterThanOrEqualTo(7); // 4 Java handlers + at least 3 framework functions
        functions.forEach((id, f) -> {
            assertThat(props(f).get("Architectures")).as(id).isEqualTo(List.of("x86_64"));
            assertThat(props(f).get("LoggingConfig")).as(id).isInstanceOf(Map.class);
        });
        long javaHandlers = functions.values().stream().filter(f -> "java21".equals(props(f).get("Runtime")))
                .peek(f -> assertThat(props(f).get("MemorySize")).isEqualTo(512)).count();
        assertThat(javaHandlers).isEqualTo(4);
        Map<String, Map<String, Object>> logGroups = template.findResources("AWS::Logs::LogGroup");
        // One per Java handler, one per Provider (its framework functions); aws-cdk-lib before some 2.x
        // (the supported minimum among them) also makes one for the Provider's waiter state machine.
        assertThat(logGroups.keySet().stream().filter(id -> !id.contains("waiterstatemachine"))).hasSize(4 + 3);
        logGroups.forEach((id, g) -> assertThat(props(g).get("RetentionInDays")).as(id).isEqualTo(365));
        template.resourceCountIs("Custom::LogRetention", 0);
    }

    @Test
    void chosenArchitectureMemoryAndRetentionReachEveryFunction() {
        TestStacks t = TestStacks.withPrivateSubnets();
        allProviders(t, HandlerOptions.builder().architecture(Architecture.ARM_64).memorySize(1024)
                .logRetention(RetentionDays.TWO_WEEKS).build());

        Template template = Template.fromStack(t.stack);
        functions(template).forEach((id, f) -> {
            assertThat(props(f).get("Architectures")).as(id).isEqualTo(List.of("arm64"));
            if ("java21".equals(props(f).get("Runtime"))) {
                assertThat(props(f).get("MemorySize")).as(id).isEqualTo(1024);
            }
        });
        template.findResources("AWS::Logs::LogGroup").forEach((id, g) ->
                assertThat(props(g).get("RetentionInDays")).as(id).isEqualTo(14));
    }

    @Test
    void theCreatedSecurityGroupAllowsOnlyHttpsOutAndTheDatabasePortToTheDatabase() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        t.auth("Repl", db, "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp("rds-iam-replication role-grant handler.*"),
                "SecurityGroupEgress", List.of(Map.of("CidrIp", "0.0.0.0/0", "FromPort", 443, "ToPort", 443,
                        "IpProtocol", "tcp", "Description", Match.stringLikeRegexp("HTTPS to Secrets Manager.*")))));
        template.resourceCountIs("AWS::EC2::SecurityGroupEgress", 1);
        template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
                "IpProtocol", "tcp", "FromPort", Map.of("Fn::GetAtt", List.of(
                        IamReplicationAuthTest.logicalId(template, "AWS::RDS::DBInstance"), "Endpoint.Port")),
                "DestinationSecurityGroupId", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(
                        List.of("GroupId"))))));
    }

    @Test
    void givenSecurityGroupsReplaceTheCreatedOneAndGetTheDatabasePort() {
        TestStacks t = TestStacks.withPrivateSubnets();
        SecurityGroup mine = SecurityGroup.Builder.create(t.stack, "Mine").vpc(t.vpc).build();
        DatabaseInstance db = t.instance("Db");
        t.auth("Repl", db, "debezium")
                .handlerOptions(HandlerOptions.builder().securityGroups(List.of(mine)).build()).build();

        Template template = Template.fromStack(t.stack);
        template.resourcePropertiesCountIs("AWS::EC2::SecurityGroup", Map.of("GroupDescription",
                Match.stringLikeRegexp("rds-iam-replication.*")), 0);
        Object mineId = t.stack.resolve(mine.getSecurityGroupId());
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("VpcConfig", Match.objectLike(Map.of(
                "SecurityGroupIds", List.of(mineId)))));
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("SourceSecurityGroupId", mineId));
    }

    @Test
    void aUserRoleRunsTheJavaHandlersAndABoundaryReachesEveryRoleTheConstructMakes() {
        TestStacks t = TestStacks.withPrivateSubnets();
        Role role = Role.Builder.create(t.stack, "HandlerRole").assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        ManagedPolicy boundary = boundary(t);
        allProviders(t, HandlerOptions.builder().role(role).permissionsBoundary(boundary).build());

        Template template = Template.fromStack(t.stack);
        Object roleArn = t.stack.resolve(role.getRoleArn());
        functions(template).forEach((id, f) -> {
            if ("java21".equals(props(f).get("Runtime"))) {
                assertThat(props(f).get("Role")).as(id).isEqualTo(roleArn);
            } else {
                assertThat(props(f).get("Role")).as(id).isNotEqualTo(roleArn);
            }
        });
        String roleId = IamReplicationAuthTest.logicalId(template, "AWS::IAM::Role", "HandlerRole.*");
        Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role");
        assertThat(roles).hasSize(1 + 5 + 1); // the user's, the five framework functions', the waiter's
        roles.forEach((id, r) -> {
            if (!id.equals(roleId)) {
                assertThat(props(r).get("PermissionsBoundary")).as(id)
                        .isEqualTo(t.stack.resolve(boundary.getManagedPolicyArn()));
            }
        });
    }

    @Test
    void aStackWideBoundaryCoversTheSharedFunctions() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ManagedPolicy boundary = boundary(t);
        PermissionsBoundary.of(t.stack).apply(boundary);
        allProviders(t, null);

        Template template = Template.fromStack(t.stack);
        assertThat(template.findResources("AWS::IAM::Role")).isNotEmpty().allSatisfy((id, r) ->
                assertThat(props(r).get("PermissionsBoundary")).as(id)
                        .isEqualTo(t.stack.resolve(boundary.getManagedPolicyArn())));
    }

    @Test
    void constructsSharingAHandlerMustAgreeOnTheOptions() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("First", t.instance("Db1"), "a").build();
        t.auth("Same", t.instance("Db2"), "b").handlerOptions(HandlerOptions.defaults()).build();

        assertThatThrownBy(() -> t.auth("Other", t.instance("Db3"), "c")
                .handlerOptions(HandlerOptions.builder().memorySize(1024).build()).build())
                .hasMessageContaining("TestStack/Other").hasMessageContaining("TestStack/First")
                .hasMessageContaining("memorySize=1024").hasMessageContaining("role-grant handler");
    }

    @Test
    void outOfRangeMemoryIsRefused() {
        assertThatThrownBy(() -> HandlerOptions.builder().memorySize(128).build())
                .hasMessageContaining("memorySize 128 MB").hasMessageContaining("256");
    }
}
