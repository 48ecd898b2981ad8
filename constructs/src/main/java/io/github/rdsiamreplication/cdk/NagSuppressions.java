package io.github.rdsiamreplication.cdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;

/**
 * Records cdk-nag suppressions, with their reasons, on resources this library owns, in the
 * {@code cdk_nag} metadata cdk-nag reads. Written by hand so that users who do not run cdk-nag do
 * not need it on their classpath.
 */
final class NagSuppressions {
    private static final String KEY = "cdk_nag";

    private NagSuppressions() {
    }

    /**
     * @param resource the resource
     * @param ruleId e.g. {@code AwsSolutions-IAM4}
     * @param reason why the finding is acceptable here (cdk-nag requires 10 characters or more)
     * @param appliesTo the finding details it covers (literal or {@code regex:...}); none: the whole rule
     */
    static void suppress(CfnResource resource, String ruleId, String reason, String... appliesTo) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", ruleId);
        rule.put("reason", reason);
        if (appliesTo.length > 0) {
            List<Object> findings = new ArrayList<>();
            for (String finding : appliesTo) {
                if (finding.startsWith("regex:")) {
                    Map<String, String> regex = new LinkedHashMap<>();
                    regex.put("regex", finding.substring("regex:".length()));
                    findings.add(regex);
                } else {
                    findings.add(finding);
                }
            }
            rule.put("applies_to", findings);
        }
        List<Object> rules = new ArrayList<>();
        if (resource.getMetadata(KEY) instanceof Map<?, ?> existing
                && existing.get("rules_to_suppress") instanceof List<?> previous) {
            rules.addAll(previous);
        }
        rules.add(rule);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("rules_to_suppress", rules);
        resource.addMetadata(KEY, metadata);
    }
}
