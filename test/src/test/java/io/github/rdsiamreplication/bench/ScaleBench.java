package io.github.rdsiamreplication.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scale: stacks of N PostgreSQL instances, each with the construct and two users, in two layouts
 * ({@link BenchStacks.Shape}): instances made alone, and a fleet sharing subnet group, security group and
 * parameter group. Prints per N the synth time, template size, resources and handler Lambdas; then the
 * resources each database adds (and how many of them are the construct's, from the same stacks without
 * it), the fixed part, and the largest N under CloudFormation's limits (500 resources, 1 MB template).
 * Run with {@code mvn -B -pl test -am -Pbench verify -DskipTests}.
 */
public final class ScaleBench {
    private static final int MAX_RESOURCES = 500;
    private static final long MAX_TEMPLATE_BYTES = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScaleBench() {
    }

    /** One synthesized stack, counted. */
    private record Counted(int databases, long millis, long bytes, int resources, int handlers,
            Map<String, Integer> byType) {
    }

    /**
     * @param args optional: the sizes (default 1 10 50 for instances made alone, 1 10 100 for the fleet)
     * @throws Exception when a template cannot be read
     */
    public static void main(String[] args) throws Exception {
        BenchStacks.synth(1, true).delete(); // warm-up
        if (args.length > 0) {
            int[] sizes = java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
            measure(BenchStacks.Shape.SEPARATE, sizes);
            measure(BenchStacks.Shape.FLEET, sizes);
        } else {
            measure(BenchStacks.Shape.SEPARATE, new int[] {1, 10, 50});
            measure(BenchStacks.Shape.FLEET, new int[] {1, 10, 100});
        }
        System.exit(0);
    }

    private static void measure(BenchStacks.Shape shape, int[] sizes) throws IOException {
        System.out.println("layout " + shape + ":");
        List<Counted> with = new ArrayList<>();
        for (int n : sizes) {
            Counted c = count(n, true, shape, 3);
            with.add(c);
            System.out.printf("  N=%-3d synth median %6d ms (%5.1f ms per database)  template %8d bytes  resources %4d"
                    + "  handler Lambdas %d%s%n", n, c.millis(), (double) c.millis() / n, c.bytes(), c.resources(),
                    c.handlers(), c.resources() > MAX_RESOURCES || c.bytes() > MAX_TEMPLATE_BYTES
                            ? "  OVER CloudFormation's limits" : "");
        }
        Counted first = with.get(0);
        Counted last = with.get(with.size() - 1);
        Counted firstWithout = count(first.databases(), false, shape, 1);
        Counted lastWithout = count(last.databases(), false, shape, 1);
        int span = last.databases() - first.databases();
        double perDatabase = (double) (last.resources() - first.resources()) / span;
        double perDatabaseWithout = (double) (lastWithout.resources() - firstWithout.resources()) / span;
        double fixed = first.resources() - perDatabase * first.databases();
        double fixedWithout = firstWithout.resources() - perDatabaseWithout * firstWithout.databases();
        double bytesPerDatabase = (double) (last.bytes() - first.bytes()) / span;
        double fixedBytes = first.bytes() - bytesPerDatabase * first.databases();
        System.out.printf("  each database: %.1f resources, %.1f of them the construct's; %.0f template bytes%n",
                perDatabase, perDatabase - perDatabaseWithout, bytesPerDatabase);
        System.out.printf("  fixed part: %.0f resources, %.0f of them the construct's%n", fixed, fixed - fixedWithout);
        StringBuilder growing = new StringBuilder();
        last.byType().forEach((type, count) -> {
            double each = (double) (count - first.byType().getOrDefault(type, 0)) / span;
            if (each > 0) {
                growing.append(String.format("%n    %-45s %.2f", type, each));
            }
        });
        System.out.println("  resources each database adds, by type:" + growing);
        System.out.printf("  largest N under 500 resources: %d; under 1 MB: %d%n",
                (int) Math.floor((MAX_RESOURCES - fixed) / perDatabase),
                (int) Math.floor((MAX_TEMPLATE_BYTES - fixedBytes) / bytesPerDatabase));
    }

    private static Counted count(int n, boolean withConstruct, BenchStacks.Shape shape, int runs) throws IOException {
        List<Long> times = new ArrayList<>();
        BenchStacks.Synthesized last = null;
        for (int run = 0; run < runs; run++) {
            if (last != null) {
                last.delete();
            }
            long start = System.nanoTime();
            last = BenchStacks.synth(n, withConstruct, shape);
            times.add((System.nanoTime() - start) / 1_000_000);
        }
        JsonNode template = JSON.readTree(last.template().toFile());
        int handlers = 0;
        Map<String, Integer> byType = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.get("Resources").fields(); it.hasNext(); ) {
            JsonNode resource = it.next().getValue();
            byType.merge(resource.get("Type").asText(), 1, Integer::sum);
            if ("AWS::Lambda::Function".equals(resource.get("Type").asText())
                    && "java21".equals(resource.path("Properties").path("Runtime").asText())) {
                handlers++;
            }
        }
        Counted counted = new Counted(n, BenchStacks.median(times), last.templateBytes(),
                template.get("Resources").size(), handlers, byType);
        last.delete();
        return counted;
    }
}
