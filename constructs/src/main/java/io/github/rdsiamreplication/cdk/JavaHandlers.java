package io.github.rdsiamreplication.cdk;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** What the library's Java handler Lambdas have in common: runtime, memory, JVM options, nag reasons. */
final class JavaHandlers {
    /** Handler memory: a small SDK client and pgjdbc start fast with this much (and its CPU share). */
    static final int MEMORY_MB = 512;

    private JavaHandlers() {
    }

    /**
     * @param scope where the function is created (id {@code Handler})
     * @param jar the handler jar
     * @param description the function's description
     * @param timeout the function's timeout
     * @return a builder with runtime, code, handler, memory, timeout and JVM options set
     */
    static Function.Builder function(Construct scope, HandlerJar jar, String description, Duration timeout) {
        return Function.Builder.create(scope, "Handler")
                .description(description)
                .runtime(Runtime.JAVA_21)
                .handler(jar.handler())
                .code(Code.fromAsset(jar.file().toString()))
                .memorySize(MEMORY_MB)
                .environment(jvmOptions())
                .timeout(timeout);
    }

    /**
     * C1-only JIT: a handler runs once per deploy for about a second, where C2 never pays off; measured
     * 0.77-0.84x of the default cold start (README, Performance).
     */
    private static Map<String, String> jvmOptions() {
        Map<String, String> environment = new TreeMap<>();
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return environment;
    }

    /**
     * A custom resource served by one of the library's providers; it depends on the provider construct,
     * so the handler's role policy exists before the first event and stays until the last.
     *
     * @param scope where the resource is created
     * @param id its id
     * @param provider the construct holding the handler and its Provider
     * @param serviceToken the Provider's service token
     * @param type the CloudFormation type
     * @param properties its properties (a sorted map: the same order in every JVM)
     * @return the resource
     */
    static CustomResource customResource(Construct scope, String id, Construct provider, String serviceToken,
            String type, Map<String, Object> properties) {
        CustomResource resource = CustomResource.Builder.create(scope, id)
                .serviceToken(serviceToken)
                .resourceType(type)
                .properties(new TreeMap<>(properties))
                .build();
        resource.getNode().addDependency(provider);
        return resource;
    }

    /**
     * Records why cdk-nag's AWS Solutions findings on a handler and its Provider are acceptable.
     *
     * @param providerScope the construct holding the functions and their Provider
     * @param handlers the functions
     */
    static void recordNagSuppressions(Construct providerScope, Function... handlers) {
        for (Function handler : handlers) {
            NagSuppressions.suppress((CfnResource) handler.getNode().getDefaultChild(), "AwsSolutions-L1",
                    "The handler is built and tested for the java21 runtime (Java 17 bytecode); moving to a newer "
                            + "Java runtime is a tested change of its own.");
        }
        for (IConstruct child : providerScope.getNode().findAll()) {
            if (child instanceof CfnRole role) {
                NagSuppressions.suppress(role, "AwsSolutions-IAM4", "AWS managed policies for Lambda logging "
                        + "(and ENIs in a VPC) are the standard minimum for a Lambda execution role.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
            } else if (child instanceof CfnPolicy policy && child.getNode().getPath().contains("/Provider/")) {
                NagSuppressions.suppress(policy, "AwsSolutions-IAM5", "The CDK Provider framework may invoke "
                        + "any version of this stack's own handler function, and nothing else.",
                        "regex:/^Resource::<.*Handler[0-9A-F]+\\.Arn>:\\*$/g");
            }
        }
    }
}
