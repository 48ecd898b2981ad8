package io.github.rdsiamreplication.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Synth overhead of the construct: the same app (VPC + one PostgreSQL instance) synthesized with and
 * without IamReplicationAuth, alternating. Two measures: in one warm JVM (the construct's own cost, with
 * jsii's start-up paid once and left out), and in a fresh JVM per synth, as {@code cdk synth} runs an
 * app (JVM and jsii start-up included). Prints the medians and the ratios (target: at most 1.10).
 * Run with {@code mvn -B -pl test -am -Pbench verify -DskipTests}.
 */
public final class SynthOverheadBench {
    private SynthOverheadBench() {
    }

    /**
     * @param args optional: measured runs of each variant (default 9)
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && "--once".equals(args[0])) {
            BenchStacks.synth(1, Boolean.parseBoolean(args[1])).delete();
            System.exit(0);
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        for (int i = -3; i < runs; i++) { // three warm-up rounds, not counted
            long a = time(false);
            long b = time(true);
            if (i >= 0) {
                without.add(a);
                with.add(b);
            }
        }
        long base = BenchStacks.median(without);
        long construct = BenchStacks.median(with);
        System.out.printf("synth, VPC + 1 instance:            median %d ms over %d runs%n", base, runs);
        System.out.printf("synth, VPC + 1 instance + construct: median %d ms over %d runs%n", construct, runs);
        System.out.printf("synth overhead ratio, warm JVM: %.2f (target <= 1.10)%n", (double) construct / base);

        List<Long> freshWithout = new ArrayList<>();
        List<Long> freshWith = new ArrayList<>();
        int freshRuns = Math.max(3, runs / 2);
        for (int i = -1; i < freshRuns; i++) { // one warm-up round, not counted
            long a = freshJvm(false);
            long b = freshJvm(true);
            if (i >= 0) {
                freshWithout.add(a);
                freshWith.add(b);
            }
        }
        long freshBase = BenchStacks.median(freshWithout);
        long freshConstruct = BenchStacks.median(freshWith);
        System.out.printf("fresh JVM per synth, without: median %d ms; with construct: median %d ms (%d runs)%n",
                freshBase, freshConstruct, freshRuns);
        System.out.printf("synth overhead ratio, fresh JVM (as cdk synth runs the app): %.2f (target <= 1.10)%n",
                (double) freshConstruct / freshBase);
        System.exit(0);
    }

    private static long freshJvm(boolean withConstruct) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SynthOverheadBench.class.getName(), "--once",
                String.valueOf(withConstruct))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("synth in a fresh JVM exited with " + exit);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long time(boolean withConstruct) {
        long start = System.nanoTime();
        BenchStacks.Synthesized out = BenchStacks.synth(1, withConstruct);
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        out.delete();
        return elapsed;
    }
}
