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
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;

/** The apps the synth benchmarks build: a VPC and N PostgreSQL instances, with or without the construct. */
final class BenchStacks {
    private BenchStacks() {
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
        try {
            Path outdir = Files.createTempDirectory("bench-cdk-out");
            App app = new App(AppProps.builder().outdir(outdir.toString()).build());
            Stack stack = new Stack(app, "Bench");
            Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
            for (int i = 0; i < databases; i++) {
                DatabaseInstance db = DatabaseInstance.Builder.create(stack, "Db" + i)
                        .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                                .version(PostgresEngineVersion.VER_16).build()))
                        .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                        .vpc(vpc)
                        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                        .credentials(Credentials.fromGeneratedSecret("postgres"))
                        .storageEncrypted(true)
                        .build();
                if (withConstruct) {
                    IamReplicationAuth.Builder.create(stack, "Repl" + i)
                            .target(ReplicationTarget.instance(db))
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
