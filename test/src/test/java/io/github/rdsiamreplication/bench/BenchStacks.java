package io.github.rdsiamreplication.bench;

import io.github.rdsiamreplication.cdk.IamReplicationAuth;
import io.github.rdsiamreplication.cdk.ReplicationTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.SubnetGroup;

/** The apps the synth benchmarks build: a VPC and N PostgreSQL instances, with or without the construct. */
final class BenchStacks {
    private BenchStacks() {
    }

    /** How the databases of a stack are laid out. */
    enum Shape {
        /** Each instance as {@code DatabaseInstance} makes it alone: its own subnet group and security group, no parameter group. */
        SEPARATE,
        /**
         * A fleet, as a stack of many databases is written: one subnet group, one security group and one parameter
         * group (the construct adds its two parameters to it) shared by every instance.
         */
        FLEET
    }

    /** A synthesized app and where it was written. */
    record Synthesized(Path outdir, Path template) {
        long templateBytes() {
            try {
                return Files.size(template);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void delete() {
            try (Stream<Path> files = Files.walk(outdir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * @param databases how many instances
     * @param withConstruct whether each gets an IamReplicationAuth with two users
     * @return the synthesized app
     */
    static Synthesized synth(int databases, boolean withConstruct) {
        return synth(databases, withConstruct, Shape.SEPARATE);
    }

    /**
     * @param databases how many instances
     * @param withConstruct whether each gets an IamReplicationAuth with two users
     * @param shape how the instances are laid out
     * @return the synthesized app
     */
    static Synthesized synth(int databases, boolean withConstruct, Shape shape) {
        try {
            Path outdir = Files.createTempDirectory("bench-cdk-out");
            App app = new App(AppProps.builder().outdir(outdir.toString()).build());
            Stack stack = new Stack(app, "Bench");
            Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
            SubnetSelection subnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
            IInstanceEngine engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                    .version(PostgresEngineVersion.VER_16).build());
            SubnetGroup subnetGroup = null;
            SecurityGroup securityGroup = null;
            ParameterGroup parameterGroup = null;
            if (shape == Shape.FLEET) {
                subnetGroup = SubnetGroup.Builder.create(stack, "Subnets").vpc(vpc).vpcSubnets(subnets)
                        .description("the fleet's databases").build();
                securityGroup = SecurityGroup.Builder.create(stack, "Databases").vpc(vpc).build();
                parameterGroup = ParameterGroup.Builder.create(stack, "Parameters").engine(engine).build();
            }
            for (int i = 0; i < databases; i++) {
                DatabaseInstance.Builder db = DatabaseInstance.Builder.create(stack, "Db" + i)
                        .engine(engine)
                        .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                        .vpc(vpc)
                        .vpcSubnets(subnets)
                        .credentials(Credentials.fromGeneratedSecret("postgres"))
                        .storageEncrypted(true);
                if (shape == Shape.FLEET) {
                    db.subnetGroup(subnetGroup).securityGroups(List.of(securityGroup)).parameterGroup(parameterGroup);
                }
                DatabaseInstance instance = db.build();
                if (withConstruct) {
                    IamReplicationAuth.Builder.create(stack, "Repl" + i)
                            .target(ReplicationTarget.instance(instance))
                            .replicationUsers(List.of("debezium", "analytics"))
                            .build();
                }
            }
            app.synth();
            return new Synthesized(outdir, outdir.resolve("Bench.template.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
