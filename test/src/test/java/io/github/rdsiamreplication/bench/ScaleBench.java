package io.github.rdsiamreplication.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scale: stacks with 1, 10 and 50 instances, each with the construct and two users. Prints synth time,
 * template size, resource count and handler Lambdas per N, the resources each database adds, and the N
 * at which a stack passes CloudFormation's limits (500 resources, 1 MB template). Run with
 * {@code mvn -B -pl test -am -Pbench verify -DskipTests}.
 */
public final class ScaleBench {
    private static final int MAX_RESOURCES = 500;
    private static final long MAX_TEMPLATE_BYTES = 1_000_000;

    private ScaleBench() {
    }

    /**
     * @param args optional: the sizes (default 1 10 50)
     * @throws Exception when a template cannot be read
     */
    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 10, 50};
        BenchStacks.synth(1, true).delete(); // warm-up
        ObjectMapper json = new ObjectMapper();
        int[] resources = new int[sizes.length];
        List<Map<String, Integer>> types = new ArrayList<>();
        long[] bytes = new long[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            List<Long> times = new ArrayList<>();
            BenchStacks.Synthesized last = null;
            for (int run = 0; run < 3; run++) {
                if (last != null) {
                    last.delete();
                }
                long start = System.nanoTime();
                last = BenchStacks.synth(n, true);
                times.add((System.nanoTime() - start) / 1_000_000);
            }
            JsonNode template = json.readTree(last.template().toFile());
            resources[k] = template.get("Resources").size();
            bytes[k] = last.templateBytes();
            int handlers = 0;
            Map<String, Integer> byType = new TreeMap<>();
            types.add(byType);
            for (Iterator<Map.Entry<String, JsonNode>> it = template.get("Resources").fields(); it.hasNext(); ) {
                JsonNode resource = it.next().getValue();
                byType.merge(resource.get("Type").asText(), 1, Integer::sum);
                if ("AWS::Lambda::Function".equals(resource.get("Type").asText())
                        && "java21".equals(resource.path("Properties").path("Runtime").asText())) {
                    handlers++;
                }
            }
            long median = BenchStacks.median(times);
            System.out.printf("N=%-3d synth median %6d ms (%5.1f ms per database)  template %8d bytes  resources %4d"
                    + "  handler Lambdas %d%s%n", n, median, (double) median / n, bytes[k], resources[k], handlers,
                    resources[k] > MAX_RESOURCES || bytes[k] > MAX_TEMPLATE_BYTES
                            ? "  OVER CloudFormation's limits" : "");
            last.delete();
        }
        int first = 0;
        int lastIndex = sizes.length - 1;
        double perDatabase = (double) (resources[lastIndex] - resources[first]) / (sizes[lastIndex] - sizes[first]);
        double fixed = resources[first] - perDatabase * sizes[first];
        double bytesPerDatabase = (double) (bytes[lastIndex] - bytes[first]) / (sizes[lastIndex] - sizes[first]);
        double fixedBytes = bytes[first] - bytesPerDatabase * sizes[first];
        System.out.printf("each database with the construct: %.1f resources, %.0f template bytes; fixed part %.0f "
                + "resources%n", perDatabase, bytesPerDatabase, fixed);
        StringBuilder growing = new StringBuilder();
        Map<String, Integer> firstTypes = types.get(first);
        types.get(lastIndex).forEach((type, count) -> {
            double each = (double) (count - firstTypes.getOrDefault(type, 0)) / (sizes[lastIndex] - sizes[first]);
            if (each > 0) {
                growing.append(String.format("%n  %-45s %.2f", type, each));
            }
        });
        System.out.println("resources each database adds, by type:" + growing);
        System.out.printf("largest N under 500 resources: %d; under 1 MB: %d%n",
                (int) Math.floor((MAX_RESOURCES - fixed) / perDatabase),
                (int) Math.floor((MAX_TEMPLATE_BYTES - fixedBytes) / bytesPerDatabase));
        System.exit(0);
    }
}
