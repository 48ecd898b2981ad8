package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.SslMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.MySqlInstanceEngineProps;
import software.amazon.awscdk.services.rds.MysqlEngineVersion;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.secretsmanager.Secret;

class IamReplicationAuthTest {

    @Test
    void createsAParameterGroupWithBothParametersAndAttachesItWithIamAuthOn() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        t.auth("Repl", db, "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 1);
        template.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Family", "postgres16",
                "Parameters", TestStacks.requiredParameters()));
        Capture group = new Capture();
        template.hasResourceProperties("AWS::RDS::DBInstance", Map.of(
                "EnableIAMDatabaseAuthentication", true,
                "DBParameterGroupName", Map.of("Ref", group)));
        assertThat(group.asString()).startsWith("ReplParameterGroup");
    }

    @Test
    void addsBothParametersToTheInstancesOwnParameterGroup() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup own = ParameterGroup.Builder.create(t.stack, "Own")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_16))
                .parameters(new TreeMap<>(Map.of("log_min_duration_statement", "1000"))).build();
        DatabaseInstance db = t.instanceBuilder("Db").parameterGroup(own).build();
        IamReplicationAuth auth = t.auth("Repl", db, "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 1);
        Map<String, Object> expected = TestStacks.requiredParameters();
        expected.put("log_min_duration_statement", "1000");
        template.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters", expected));
        assertThat(auth.getParameterGroup()).isSameAs(own);
    }

    @Test
    void aConflictingValueInTheOwnGroupFailsNamingTheParameter() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup own = ParameterGroup.Builder.create(t.stack, "Own")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_16))
                .parameters(new TreeMap<>(Map.of("rds.logical_replication", "0"))).build();
        DatabaseInstance db = t.instanceBuilder("Db").parameterGroup(own).build();

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").build())
                .hasMessageContaining("TestStack/Own sets rds.logical_replication to '0'")
                .hasMessageContaining("remove that parameter");
    }

    @Test
    void aConflictingValueSetAfterTheConstructFailsAtSynth() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup own = ParameterGroup.Builder.create(t.stack, "Own")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_16)).build();
        DatabaseInstance db = t.instanceBuilder("Db").parameterGroup(own).build();
        t.auth("Repl", db, "debezium").build();
        own.addParameter("rds.iam_auth_for_replication", "0");

        assertThatThrownBy(() -> t.app.synth()).hasMessageContaining("rds.iam_auth_for_replication to '0'");
    }

    @Test
    void aGroupMadeOutsideTheStackIsPatchedThroughTheRdsApiWithRightsOnThatGroupOnly() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db")
                .parameterGroup(ParameterGroup.fromParameterGroupName(t.stack, "Imported", "shared-pg16")).build();
        t.auth("Repl", db, "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 0);
        template.hasResourceProperties("Custom::RdsIamReplicationParameters", Map.of("GroupName", "shared-pg16",
                "GroupKind", "instance", "Parameters", TestStacks.requiredParameters()));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java21",
                "Handler", "io.github.rdsiamreplication.paramgroup.ParameterGroupHandler::handleRequest"));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", List.of("rds:DescribeDBParameters", "rds:ModifyDBParameterGroup",
                                "rds:ResetDBParameterGroup"), "Effect", "Allow",
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":rds:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                                ":pg:shared-pg16"))))))));
        @SuppressWarnings("unchecked")
        List<String> dependsOn = (List<String>) template.findResources(IamReplicationAuth.RESOURCE_TYPE).values()
                .iterator().next().get("DependsOn");
        assertThat(dependsOn).contains(logicalId(template, "Custom::RdsIamReplicationParameters"));
    }

    @Test
    void anEngineDefaultGroupIsReplacedByAGroupOfTheConstruct() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db").parameterGroup(
                ParameterGroup.fromParameterGroupName(t.stack, "Default", "default.postgres16")).build();
        t.auth("Repl", db, "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("Custom::RdsIamReplicationParameters", 0);
        template.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBParameterGroupName",
                Map.of("Ref", logicalId(template, "AWS::RDS::DBParameterGroup"))));
    }

    @Test
    void iamAuthenticationSwitchedOffExplicitlyIsAnError() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db").iamAuthentication(false).build();

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").build())
                .hasMessageContaining("iamAuthentication on the instance is false").hasMessageContaining("TestStack/Db");
    }

    @Test
    void aNonPostgresEngineIsAnError() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db").engine(DatabaseInstanceEngine.mysql(
                MySqlInstanceEngineProps.builder().version(MysqlEngineVersion.VER_8_0).build())).build();

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").build())
                .hasMessageContaining("engine is 'mysql'").hasMessageContaining("DatabaseInstanceEngine.postgres");
    }

    @Test
    void anEngineWithoutVersionIsAnErrorSayingWhatToSet() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db").engine(DatabaseInstanceEngine.POSTGRES).build();

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").build())
                .hasMessageContaining("has no version").hasMessageContaining("PostgresEngineVersion.VER_16");
    }

    @Test
    void aVersionBelow11IsAnError() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db")
                .engine(TestStacks.postgres(PostgresEngineVersion.of("10.21", "10"))).build();

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").build())
                .hasMessageContaining("PostgreSQL 10").hasMessageContaining("11 or later");
    }

    @Test
    void badUserListsAreErrorsNamingTheRemedy() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");

        assertThatThrownBy(() -> t.auth("NoUsers", db).build()).hasMessageContaining("list at least one user");
        assertThatThrownBy(() -> t.auth("Long", db, "x".repeat(64)).build()).hasMessageContaining("64 bytes");
        assertThatThrownBy(() -> t.auth("Twice", db, "debezium", "debezium").build())
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> t.auth("Admin", db, "postgres").build())
                .hasMessageContaining("'postgres' is the admin user");
        assertThatThrownBy(() -> t.auth("Rds", db, "rds_custom").build()).hasMessageContaining("Amazon RDS reserves");
        assertThatThrownBy(() -> t.auth("Pg", db, "pg_reader").build())
                .hasMessageContaining("PostgreSQL reserves");
        assertThatThrownBy(() -> t.auth("Empty", db, "").build()).hasMessageContaining("empty");
        assertThatThrownBy(() -> t.auth("Multi", db, "ok", "pg_a", "ok").build())
                .hasMessageContaining("pg_a").hasMessageContaining("listed twice")
                .hasMessageContaining("TestStack/Multi");
    }

    @Test
    void theCustomResourceCarriesTheContractAndWaitsForDatabaseGroupAndIngress() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        t.auth("Repl", db, "debezium", "Analytics Team").createUsers(false)
                .replicationGrant(ReplicationGrant.ALTER_ROLE).sslMode(SslMode.REQUIRE).databaseName("app").build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Match.objectEquals(Map.ofEntries(
                Map.entry("ServiceToken", Match.anyValue()),
                Map.entry("Host", Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::RDS::DBInstance"),
                        "Endpoint.Address"))),
                Map.entry("Port", Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::RDS::DBInstance"),
                        "Endpoint.Port"))),
                Map.entry("Database", "app"),
                Map.entry("SecretArn", Map.of("Ref", logicalId(template, "AWS::SecretsManager::SecretTargetAttachment"))),
                Map.entry("Users", List.of("debezium", "Analytics Team")),
                Map.entry("CreateUsers", "false"),
                Map.entry("ReplicationGrant", "alter_role"),
                Map.entry("SslMode", "require"),
                Map.entry("Enabled", "true"),
                Map.entry("UndoOnDelete", "false"))));
        Map<String, Map<String, Object>> grants = template.findResources(IamReplicationAuth.RESOURCE_TYPE);
        @SuppressWarnings("unchecked")
        List<String> dependsOn = (List<String>) grants.values().iterator().next().get("DependsOn");
        assertThat(dependsOn).contains(logicalId(template, "AWS::RDS::DBInstance"),
                logicalId(template, "AWS::RDS::DBParameterGroup"),
                logicalId(template, "AWS::EC2::SecurityGroupIngress"));
    }

    @Test
    void theDefaultsAreRdsReplicationVerifyFullPostgresAndCreateUsers() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Template.fromStack(t.stack).hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "Database", "postgres", "CreateUsers", "true", "ReplicationGrant", "rds_replication",
                "SslMode", "verify-full"));
    }

    @Test
    void oneHandlerPerStackAndPlacementNotPerConstruct() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("ReplA", t.instance("DbA"), "a").build();
        t.auth("ReplB", t.instance("DbB"), "b").build();

        Template twoConstructs = Template.fromStack(t.stack);
        twoConstructs.resourceCountIs(IamReplicationAuth.RESOURCE_TYPE, 2);
        assertThat(twoConstructs.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Runtime", "java21")))).hasSize(1);

        TestStacks u = TestStacks.withPrivateSubnets();
        u.auth("ReplA", u.instance("DbA"), "a").build();
        u.auth("ReplB", u.instance("DbB"), "b")
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build()).build();
        assertThat(Template.fromStack(u.stack).findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Runtime", "java21")))).as("another placement, another handler")
                .hasSize(2);
    }

    @Test
    void theHandlerRunsTheEmbeddedJarOnJava21InThePrivateSubnets() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "io.github.rdsiamreplication.grant.RoleGrantHandler::handleRequest",
                "Code", Map.of("S3Key", Match.stringLikeRegexp("^[0-9a-f]{64}\\.jar$")),
                "VpcConfig", Map.of("SubnetIds", Match.arrayWith(List.of(Map.of("Ref",
                        Match.stringLikeRegexp("VpcappSubnet.*")))))));
    }

    @Test
    void theNetworkOpensOnlyTheDatabasePortToTheHandlerAndHttpsOut() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Template template = Template.fromStack(t.stack);
        String db = logicalId(template, "AWS::RDS::DBInstance");
        Map<String, Object> dbPort = Map.of("Fn::GetAtt", List.of(db, "Endpoint.Port"));
        template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "IpProtocol", "tcp", "FromPort", dbPort, "ToPort", dbPort,
                "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(
                        "RdsIamReplicationHandler.*SecurityGroup.*"), "GroupId"))));
        template.resourceCountIs("AWS::EC2::SecurityGroupEgress", 1);
        template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of("FromPort", dbPort, "ToPort", dbPort));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp("rds-iam-replication role-grant handler.*"),
                "SecurityGroupEgress", List.of(Map.of("CidrIp", "0.0.0.0/0", "IpProtocol", "tcp",
                        "FromPort", 443, "ToPort", 443, "Description", Match.anyValue()))));
    }

    @Test
    void theHandlerMayReadOnlyTheAdminSecretAndDecryptWithItsKey() {
        TestStacks t = TestStacks.withPrivateSubnets();
        Key key = Key.Builder.create(t.stack, "SecretKey").build();
        Secret secret = Secret.Builder.create(t.stack, "Admin").encryptionKey(key).build();
        DatabaseInstance db = t.instanceBuilder("Db").credentials(Credentials.fromSecret(secret)).build();
        t.auth("Repl", db, "debezium").adminSecret(secret).build();

        Template template = Template.fromStack(t.stack);
        String handlerRole = logicalId(template, "AWS::IAM::Role", "RdsIamReplicationHandler.*HandlerServiceRole.*");
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", handlerRole)),
                "PolicyDocument", Map.of("Statement", Match.arrayEquals(List.of(
                        // Its own allow-list, then the admin secret: nothing else.
                        Map.of("Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                                "Effect", "Allow", "Resource", Map.of("Ref", logicalId(template,
                                        "AWS::SecretsManager::Secret", "RdsIamReplicationHandler.*AllowedTargets.*"))),
                        Map.of("Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                                "Effect", "Allow", "Resource", Map.of("Ref", logicalId(template,
                                        "AWS::SecretsManager::Secret", "Admin.*"))))))));
        // The key's policy lets the handler decrypt, only through Secrets Manager.
        template.hasResourceProperties("AWS::KMS::Key", Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(
                List.of(Match.objectLike(Map.of("Action", "kms:Decrypt",
                        "Condition", Map.of("StringEquals", Map.of("kms:ViaService", Match.anyValue())),
                        "Principal", Map.of("AWS", Map.of("Fn::GetAtt", List.of(handlerRole, "Arn"))))))))));
    }

    @Test
    void grantConnectAllowsRdsDbConnectForThatUserOnTheInstanceResourceId() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium", "other").build();
        Role role = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();
        auth.grantConnect(role, "debezium");

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", logicalId(template, "AWS::IAM::Role", "Consumer.*"))),
                "PolicyDocument", Map.of("Statement", List.of(Map.of("Action", "rds-db:connect", "Effect", "Allow",
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":rds-db:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                                ":dbuser:", Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::RDS::DBInstance"),
                                        "DbiResourceId")), "/debezium"))))))));
    }

    @Test
    void grantConnectForAnUnmanagedUserIsAnError() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();
        Role role = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();

        assertThatThrownBy(() -> auth.grantConnect(role, "postgres"))
                .hasMessageContaining("'postgres' is not one of this construct's replicationUsers [debezium]");
    }

    @Test
    void isolatedSubnetsOnlyGiveAWarningNamingTheSecretsManagerEndpoint() {
        TestStacks t = TestStacks.isolatedOnly();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Annotations.fromStack(t.stack).hasWarning("/TestStack/Repl",
                Match.stringLikeRegexp(".*interface VPC endpoint for Secrets Manager.*SECRETS_MANAGER.*"));
        Template.fromStack(t.stack).hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java21",
                "VpcConfig", Map.of("SubnetIds", Match.arrayWith(List.of(Map.of("Ref",
                        Match.stringLikeRegexp("VpcdataSubnet.*")))))));
    }

    @Test
    void privateSubnetsGiveNoWarning() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Annotations.fromStack(t.stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void aDatabaseWithoutGeneratedSecretNeedsAdminSecret() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db").credentials(Credentials.fromPassword("admin",
                SecretValue.unsafePlainText("not-a-real-password"))).build();

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").build())
                .hasMessageContaining("no generated admin secret").hasMessageContaining("pass adminSecret");
    }

    @Test
    void aMissingTargetIsAnError() {
        TestStacks t = TestStacks.withPrivateSubnets();

        assertThatThrownBy(() -> IamReplicationAuth.Builder.create(t.stack, "Repl")
                .replicationUsers(List.of("debezium")).build())
                .hasMessageContaining("target is required").hasMessageContaining("ReplicationTarget.instance");
    }

    /** The logical id of the only resource of a type (or the only one whose id matches {@code regex}). */
    static String logicalId(Template template, String type, String... regex) {
        return template.findResources(type).keySet().stream()
                .filter(id -> regex.length == 0 || id.matches(regex[0]))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one " + type + ": " + a + ", " + b);
                }).orElseThrow(() -> new AssertionError("no " + type));
    }
}
