package io.github.rdsiamreplication.cdk;

import static io.github.rdsiamreplication.cdk.IamReplicationAuthTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.AuroraMysqlClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraMysqlEngineVersion;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.CfnDBCluster;
import software.amazon.awscdk.services.rds.CfnDBClusterParameterGroup;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;

/** Aurora PostgreSQL clusters and Multi-AZ DB clusters as targets. */
class ClusterTargetsTest {
    private static Map<String, Object> dbUserArn(String resource, String attribute, String user) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":rds-db:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":dbuser:",
                Map.of("Fn::GetAtt", List.of(resource, attribute)), "/" + user)));
    }

    // ---- Aurora PostgreSQL ----

    @Test
    void auroraGetsAClusterParameterGroupAndIamAuthAndItsInstanceGroupsAreLeftAlone() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseCluster aurora = t.auroraBuilder("Aurora").build();
        t.auth("Repl", ReplicationTarget.auroraCluster(aurora), "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("AWS::RDS::DBClusterParameterGroup", 1);
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 0);
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of(
                "Family", "aurora-postgresql16", "Parameters", TestStacks.requiredParameters()));
        Capture group = new Capture();
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "EnableIAMDatabaseAuthentication", true, "DBClusterParameterGroupName", Map.of("Ref", group)));
        assertThat(group.asString()).startsWith("ReplParameterGroup");
    }

    @Test
    void auroraTakesTheParametersIntoItsOwnClusterParameterGroup() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup own = ParameterGroup.Builder.create(t.stack, "Own")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_4).build()))
                .parameters(new TreeMap<>(Map.of("log_min_duration_statement", "500"))).build();
        DatabaseCluster aurora = t.auroraBuilder("Aurora").parameterGroup(own).build();
        t.auth("Repl", ReplicationTarget.auroraCluster(aurora), "debezium").build();

        Template template = Template.fromStack(t.stack);
        Map<String, Object> expected = TestStacks.requiredParameters();
        expected.put("log_min_duration_statement", "500");
        template.resourceCountIs("AWS::RDS::DBClusterParameterGroup", 1);
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of("Parameters", expected));
    }

    @Test
    void auroraConflictingValueFailsNamingTheParameter() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup own = ParameterGroup.Builder.create(t.stack, "Own")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_4).build()))
                .parameters(new TreeMap<>(Map.of("rds.iam_auth_for_replication", "0"))).build();
        DatabaseCluster aurora = t.auroraBuilder("Aurora").parameterGroup(own).build();

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.auroraCluster(aurora), "debezium").build())
                .hasMessageContaining("TestStack/Own sets rds.iam_auth_for_replication to '0'");
    }

    @Test
    void auroraMysqlAndOldAuroraPostgresAreErrors() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseCluster mysql = t.auroraBuilder("Mysql").engine(DatabaseClusterEngine.auroraMysql(
                AuroraMysqlClusterEngineProps.builder().version(AuroraMysqlEngineVersion.VER_3_08_0).build())).build();
        DatabaseCluster old = t.auroraBuilder("Old").engine(DatabaseClusterEngine.auroraPostgres(
                AuroraPostgresClusterEngineProps.builder().version(AuroraPostgresEngineVersion.of("10.21", "10"))
                        .build())).build();

        assertThatThrownBy(() -> t.auth("ReplMysql", ReplicationTarget.auroraCluster(mysql), "debezium").build())
                .hasMessageContaining("engine is 'aurora-mysql'").hasMessageContaining("Aurora MySQL is not supported");
        assertThatThrownBy(() -> t.auth("ReplOld", ReplicationTarget.auroraCluster(old), "debezium").build())
                .hasMessageContaining("Aurora PostgreSQL 10").hasMessageContaining("11 or later");
    }

    @Test
    void auroraGrantsUseTheClusterResourceIdAndTheWriterEndpoint() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseCluster aurora = t.auroraBuilder("Aurora").build();
        IamReplicationAuth auth = t.auth("Repl", ReplicationTarget.auroraCluster(aurora), "debezium").build();
        Role role = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();
        auth.grantConnect(role, "debezium");

        Template template = Template.fromStack(t.stack);
        String cluster = logicalId(template, "AWS::RDS::DBCluster");
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", "rds-db:connect", "Effect", "Allow",
                        "Resource", dbUserArn(cluster, "DBClusterResourceId", "debezium"))))));
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "Host", Map.of("Fn::GetAtt", List.of(cluster, "Endpoint.Address")),
                "Port", Map.of("Fn::GetAtt", List.of(cluster, "Endpoint.Port")),
                "SecretArn", Map.of("Ref", logicalId(template, "AWS::SecretsManager::SecretTargetAttachment"))));
        @SuppressWarnings("unchecked")
        List<String> dependsOn = (List<String>) template.findResources(IamReplicationAuth.RESOURCE_TYPE).values()
                .iterator().next().get("DependsOn");
        assertThat(dependsOn).contains(cluster, logicalId(template, "AWS::RDS::DBInstance"),
                logicalId(template, "AWS::RDS::DBClusterParameterGroup"),
                logicalId(template, "AWS::EC2::SecurityGroupIngress"));
    }

    // ---- Multi-AZ DB cluster ----

    @Test
    void multiAzGetsAClusterParameterGroupOfThePostgresFamilyAndIamAuth() {
        TestStacks t = TestStacks.withPrivateSubnets();
        CfnDBCluster maz = t.multiAzBuilder("Maz").build();
        t.auth("Repl", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 0);
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of(
                "Family", "postgres16", "Parameters", TestStacks.requiredParameters()));
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of("EnableIAMDatabaseAuthentication", true,
                "DBClusterParameterGroupName", Map.of("Ref", logicalId(template, "AWS::RDS::DBClusterParameterGroup"))));
    }

    @Test
    void multiAzTakesTheParametersIntoItsOwnL1ClusterParameterGroup() {
        TestStacks t = TestStacks.withPrivateSubnets();
        CfnDBClusterParameterGroup own = CfnDBClusterParameterGroup.Builder.create(t.stack, "Own")
                .family("postgres16").description("own")
                .parameters(new TreeMap<>(Map.of("log_min_duration_statement", "250"))).build();
        CfnDBCluster maz = t.multiAzBuilder("Maz").dbClusterParameterGroupName(own.getRef()).build();
        t.auth("Repl", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "debezium").build();

        Template template = Template.fromStack(t.stack);
        Map<String, Object> expected = TestStacks.requiredParameters();
        expected.put("log_min_duration_statement", "250");
        template.resourceCountIs("AWS::RDS::DBClusterParameterGroup", 1);
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of("Parameters", expected));
    }

    @Test
    void multiAzConflictingValueInTheL1GroupFails() {
        TestStacks t = TestStacks.withPrivateSubnets();
        CfnDBClusterParameterGroup own = CfnDBClusterParameterGroup.Builder.create(t.stack, "Own")
                .family("postgres16").description("own")
                .parameters(new TreeMap<>(Map.of("rds.logical_replication", "0"))).build();
        CfnDBCluster maz = t.multiAzBuilder("Maz").dbClusterParameterGroupName(own.getRef()).build();

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "debezium").build())
                .hasMessageContaining("TestStack/Own sets rds.logical_replication to '0'");
    }

    @Test
    void multiAzVersionsBelow14Point8Or15Point3AreErrorsWithTheRemedy() {
        for (String bad : List.of("13.10", "14.7", "15.2", "14")) {
            TestStacks t = TestStacks.withPrivateSubnets();
            CfnDBCluster maz = t.multiAzBuilder("Maz").engineVersion(bad).build();
            assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "u").build())
                    .as(bad).hasMessageContaining("needs 14.8, 15.3, 16 or later").hasMessageContaining("set engineVersion");
        }
        for (String good : List.of("14.8", "15.3", "16", "17.2")) {
            TestStacks t = TestStacks.withPrivateSubnets();
            CfnDBCluster maz = t.multiAzBuilder("Maz").engineVersion(good).build();
            t.auth("Repl", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "u").build();
            Template.fromStack(t.stack).hasResourceProperties("AWS::RDS::DBClusterParameterGroup",
                    Map.of("Family", "postgres" + PostgresVersions.major(good)));
        }
    }

    @Test
    void multiAzMisconfigurationsAreErrors() {
        TestStacks t = TestStacks.withPrivateSubnets();
        CfnDBCluster noVersion = t.multiAzBuilder("NoVersion").engineVersion(null).build();
        CfnDBCluster noClass = t.multiAzBuilder("NoClass").dbClusterInstanceClass(null).build();
        CfnDBCluster aurora = t.multiAzBuilder("AuroraL1").engine("aurora-postgresql").build();

        assertThatThrownBy(() -> t.auth("A", ReplicationTarget.multiAzCluster(t.multiAz(noVersion)), "u").build())
                .hasMessageContaining("has no engineVersion");
        assertThatThrownBy(() -> t.auth("B", ReplicationTarget.multiAzCluster(t.multiAz(noClass)), "u").build())
                .hasMessageContaining("no dbClusterInstanceClass");
        assertThatThrownBy(() -> t.auth("C", ReplicationTarget.multiAzCluster(t.multiAz(aurora)), "u").build())
                .hasMessageContaining("ReplicationTarget.auroraCluster");
        assertThatThrownBy(() -> ReplicationTarget.multiAzCluster(MultiAzClusterProps.builder().cluster(noClass).build()))
                .hasMessageContaining("cluster, vpc and securityGroups are required");
    }

    @Test
    void multiAzUsesTheManagedMasterSecretAndTheClusterResourceId() {
        TestStacks t = TestStacks.withPrivateSubnets();
        CfnDBCluster maz = t.multiAzBuilder("Maz").build();
        IamReplicationAuth auth = t.auth("Repl", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "debezium").build();
        Role role = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();
        auth.grantConnect(role, "debezium");

        Template template = Template.fromStack(t.stack);
        Map<String, Object> secretArn = Map.of("Fn::GetAtt", List.of("Maz", "MasterUserSecret.SecretArn"));
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of("SecretArn", secretArn,
                "Host", Map.of("Fn::GetAtt", List.of("Maz", "Endpoint.Address")),
                "Port", Map.of("Fn::GetAtt", List.of("Maz", "Endpoint.Port"))));
        // Beside the handler's own allow-list secret.
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of("Action", List.of("secretsmanager:GetSecretValue",
                        "secretsmanager:DescribeSecret"), "Effect", "Allow", "Resource", secretArn))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", "rds-db:connect", "Effect", "Allow",
                        "Resource", dbUserArn("Maz", "DBClusterResourceId", "debezium"))))));
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "GroupId", Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::EC2::SecurityGroup", "MazSecurityGroup.*"),
                        "GroupId")),
                "FromPort", Map.of("Fn::GetAtt", List.of("Maz", "Endpoint.Port"))));
    }

    @Test
    void multiAzWithoutManagedPasswordNeedsAnAdminSecret() {
        TestStacks t = TestStacks.withPrivateSubnets();
        CfnDBCluster maz = t.multiAzBuilder("Maz").manageMasterUserPassword(false)
                .masterUserPassword("{{resolve:ssm-secure:/db/pw}}").build();

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "u").build())
                .hasMessageContaining("pass adminSecret on IamReplicationAuth")
                .hasMessageContaining("manageMasterUserPassword");

        // The construct's adminSecret is the one place to give it, and it wins over the managed secret too.
        t.auth("Repl2", ReplicationTarget.multiAzCluster(t.multiAz(maz)), "u").adminSecret(t.adminSecret()).build();
        CfnDBCluster managed = t.multiAzBuilder("Managed").build();
        t.auth("Repl3", ReplicationTarget.multiAzCluster(t.multiAz(managed)), "u").adminSecret(t.adminSecret()).build();
        Template template = Template.fromStack(t.stack);
        assertThat(template.findResources(IamReplicationAuth.RESOURCE_TYPE).values()).hasSize(2)
                .allSatisfy(grants -> assertThat(grants.toString()).contains("orders/admin")
                        .doesNotContain("MasterUserSecret"));
    }

    // ---- All kinds together ----

    @Test
    void anInstanceAnAuroraAndAMultiAzClusterShareOneHandler() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("ReplInstance", t.instance("Db"), "a").build();
        t.auth("ReplAurora", ReplicationTarget.auroraCluster(t.auroraBuilder("Aurora").build()), "b").build();
        t.auth("ReplMaz", ReplicationTarget.multiAzCluster(t.multiAz(t.multiAzBuilder("Maz").build())), "c").build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs(IamReplicationAuth.RESOURCE_TYPE, 3);
        assertThat(template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Runtime", "java21")))).hasSize(1);
        template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 3);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java21",
                "VpcConfig", Map.of("SubnetIds", Match.arrayWith(List.of(Map.of("Ref",
                        Match.stringLikeRegexp("VpcappSubnet.*")))))));
    }
}
