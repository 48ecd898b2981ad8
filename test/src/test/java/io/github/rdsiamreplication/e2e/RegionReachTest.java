package io.github.rdsiamreplication.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.cdk.IamReplicationAuth;
import io.github.rdsiamreplication.cdk.ImportedDatabaseProps;
import io.github.rdsiamreplication.cdk.ReplicationTarget;
import io.github.rdsiamreplication.contract.RebootPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.regioninfo.RegionInfo;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.secretsmanager.Secret;

/**
 * No per-region table between a user and a deployment: a stack with every kind of handler (an instance of
 * the stack with the login check; an instance made outside it, with a parameter group made outside it and
 * controlled reboots) synthesizes when pinned to every region aws-cdk-lib's region-info knows (commercial,
 * China, GovCloud and the ISO partitions), with no {@code Fn::FindInMap} over a map that lacks the region and
 * no ARN whose partition is written out; and an environment-agnostic stack has no region map at all.
 *
 * <p>cdk.json's feature flags apply, except partition literals: with them on, the CDK itself writes each
 * pinned region's partition into ARNs, and the check could not tell those from one the construct wrote out.
 */
class RegionReachTest {
    /** An ARN's partition written out ({@code arn:aws:}, {@code arn:aws-cn:}, ...) instead of {@code AWS::Partition}. */
    private static final Pattern WRITTEN_PARTITION = Pattern.compile("arn:aws[a-z-]*:");

    @Test
    void everyKnownRegionSynthesizesWithoutRegionTablesOrWrittenPartitions() {
        Set<String> partitions = new TreeSet<>();
        Set<String> regions = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        for (RegionInfo info : RegionInfo.getRegions()) {
            String region = info.getName();
            regions.add(region);
            partitions.add(info.getPartition());
            // One app per region: a failed synth names its region, and a synthesized app takes no more stacks.
            Stack stack;
            Map<String, Object> template;
            try {
                stack = stackWithEveryHandler(app(), region);
                template = Template.fromStack(stack).toJSON();
            } catch (RuntimeException e) {
                problems.add(region + ": synth failed: " + e.getMessage());
                continue;
            }
            for (SynthesisMessage error : Annotations.fromStack(stack).findError("*", Match.anyValue())) {
                problems.add(region + ": synth error at " + error.getId() + ": " + error.getEntry().getData());
            }
            problems.addAll(regionMapProblems(region, template));
            problems.addAll(writtenPartitions(region, template));
        }
        System.out.printf("RegionReachTest: %d regions synthesized in %d ms%n", regions.size(),
                (System.nanoTime() - start) / 1_000_000);

        assertThat(problems).isEmpty();
        assertThat(partitions).as("partitions covered").contains("aws", "aws-cn", "aws-us-gov");
        assertThat(regions).as("regions covered").contains("il-central-1", "ca-west-1", "ap-southeast-4",
                "ap-southeast-7", "mx-central-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1");
    }

    @Test
    void anEnvironmentAgnosticStackHasNoRegionMap() {
        Stack stack = stackWithEveryHandler(app(), null);

        Map<String, Object> template = Template.fromStack(stack).toJSON();

        assertThat(template).doesNotContainKey("Mappings");
        List<Object> lookups = new ArrayList<>();
        walk(template, (key, value) -> {
            if ("Fn::FindInMap".equals(key)) {
                lookups.add(value);
            }
        });
        assertThat(lookups).as("Fn::FindInMap lookups").isEmpty();
        assertThat(writtenPartitions("(agnostic)", template)).isEmpty();
    }

    /**
     * An app with cdk.json's feature flags, partition literals off (see the class comment), and the handler jar
     * referred to where it is rather than copied into each app's output (the templates are the same).
     */
    private static App app() {
        Map<String, Object> context = new LinkedHashMap<>(CdkJsonContext.context());
        context.put("@aws-cdk/core:enablePartitionLiterals", false);
        context.put("aws:cdk:disable-asset-staging", true);
        return new App(AppProps.builder().context(context).build());
    }

    /**
     * @param app the app
     * @param region the stack's region, or null for an environment-agnostic stack
     * @return a stack with every kind of handler
     */
    private static Stack stackWithEveryHandler(App app, String region) {
        StackProps.Builder props = StackProps.builder();
        if (region != null) {
            props.env(Environment.builder().account("123456789012").region(region).build());
        }
        Stack stack = new Stack(app, region == null ? "Reach" : "Reach-" + region, props.build());
        // The VPC's subnets name their zones in a pinned stack: CloudFormation's template validation then
        // advises against it (W3010), which is the VPC's business, not this test's.
        Validations.of(stack).acknowledge(Acknowledgment.builder().id("CloudFormation-Validate::W3010")
                .reason("zones named for a pinned stack without an account to look them up").build());
        Vpc.Builder vpc = Vpc.Builder.create(stack, "Vpc").natGateways(1);
        // Pinned: the zones named, so no lookup (no AWS account here); agnostic: Fn::GetAZs.
        Vpc network = (region != null ? vpc.availabilityZones(List.of(region + "a", region + "b")) : vpc.maxAzs(2))
                .build();
        DatabaseInstance made = DatabaseInstance.Builder.create(stack, "Db")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .instanceType(InstanceType.of(InstanceClass.T3, InstanceSize.MICRO))
                .vpc(network)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .credentials(Credentials.fromGeneratedSecret("postgres"))
                .storageEncrypted(true)
                .build();
        IamReplicationAuth.Builder.create(stack, "Made").target(ReplicationTarget.instance(made))
                .replicationUsers(List.of("debezium")).verifyReplicationLogin(true).build();
        IDatabaseInstance orders = DatabaseInstance.fromDatabaseInstanceAttributes(stack, "Orders",
                DatabaseInstanceAttributes.builder().instanceIdentifier("orders-db")
                        .instanceEndpointAddress("orders-db.abc.example.internal").port(5432)
                        .instanceResourceId("db-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(stack, "OrdersSg",
                                "sg-0123456789abcdef0")))
                        .build());
        IamReplicationAuth.Builder.create(stack, "Imported")
                .target(ReplicationTarget.importedInstance(ImportedDatabaseProps.builder().instance(orders)
                        .vpc(network).parameterGroupName("orders-pg16").build()))
                .adminSecret(Secret.fromSecretNameV2(stack, "Admin", "orders/admin"))
                .rebootPolicy(RebootPolicy.IF_PENDING)
                .replicationUsers(List.of("debezium")).build();
        return stack;
    }

    /** Every {@code Fn::FindInMap} whose map lacks the region (or the key) it looks up. */
    @SuppressWarnings("unchecked")
    private static List<String> regionMapProblems(String region, Map<String, Object> template) {
        Map<String, Object> mappings = (Map<String, Object>) template.getOrDefault("Mappings", Map.of());
        List<String> problems = new ArrayList<>();
        walk(template, (key, value) -> {
            if (!"Fn::FindInMap".equals(key)) {
                return;
            }
            List<Object> args = (List<Object>) value;
            Object topKey = args.get(1);
            String lookedUp = topKey instanceof Map<?, ?> ref && "AWS::Region".equals(ref.get("Ref")) ? region
                    : topKey instanceof String text ? text : null;
            Object map = mappings.get(args.get(0));
            if (lookedUp == null || !(map instanceof Map<?, ?> entries) || !entries.containsKey(lookedUp)
                    || !(entries.get(lookedUp) instanceof Map<?, ?> second) || !second.containsKey(args.get(2))) {
                problems.add(region + ": Fn::FindInMap " + value + " has no entry for " + lookedUp);
            }
        });
        return problems;
    }

    /** Every string of the template holding an ARN with its partition written out. */
    private static List<String> writtenPartitions(String region, Map<String, Object> template) {
        Set<String> found = new TreeSet<>();
        strings(template, text -> {
            if (WRITTEN_PARTITION.matcher(text).find()) {
                found.add(text);
            }
        });
        List<String> problems = new ArrayList<>();
        found.forEach(text -> problems.add(region + ": partition written out (use AWS::Partition): " + text));
        return problems;
    }

    /** Calls {@code visit} with each key and value of every object in the tree. */
    private static void walk(Object node, BiConsumer<String, Object> visit) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                visit.accept(String.valueOf(k), v);
                walk(v, visit);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, visit));
        }
    }

    /** Calls {@code visit} with every string value in the tree (object values and list elements). */
    private static void strings(Object node, Consumer<String> visit) {
        if (node instanceof String text) {
            visit.accept(text);
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> strings(v, visit));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> strings(item, visit));
        }
    }
}
