package io.github.rdsiamreplication.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.PermissionsBoundary;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What the library's Java handler Lambdas and their Providers have in common: runtime, JVM options,
 * the {@link HandlerOptions} (memory, architecture, log group, role, boundary), nag reasons.
 */
final class JavaHandlers {
    private JavaHandlers() {
    }

    /**
     * @param scope where the function is created (id {@code Handler}, its log group {@code HandlerLogGroup})
     * @param jar the handler jar
     * @param description the function's description
     * @param timeout the function's timeout
     * @param options memory, architecture, log retention and role
     * @return a builder with runtime, code, handler, memory, timeout and JVM options set
     */
    static Function.Builder function(Construct scope, HandlerJar jar, String description, Duration timeout,
            HandlerOptions options) {
        Function.Builder builder = Function.Builder.create(scope, "Handler")
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(options.getArchitecture())
                .handler(jar.handler())
                .code(Code.fromAsset(jar.file().toString()))
                .memorySize(options.getMemorySize())
                .environment(jvmOptions())
                .logGroup(LogGroup.Builder.create(scope, "HandlerLogGroup")
                        .retention(options.getLogRetention()).build())
                .timeout(timeout);
        if (options.getRole() != null) {
            builder.role(options.getRole());
        }
        return builder;
    }

    /**
     * @param scope the construct holding the handlers (the Provider gets id {@code Provider}, its log group
     *     {@code ProviderLogGroup})
     * @param options log retention for the framework functions (not the role: the framework's role may
     *     invoke the handlers, so giving it the handlers' role makes a dependency cycle)
     * @return a Provider builder with the framework functions' log group set
     */
    static Provider.Builder provider(Construct scope, HandlerOptions options) {
        return Provider.Builder.create(scope, "Provider")
                .logGroup(LogGroup.Builder.create(scope, "ProviderLogGroup")
                        .retention(options.getLogRetention()).build());
    }

    /** Ids the CDK's Provider gives its framework functions (only the first unless there is an isComplete). */
    private static final List<String> FRAMEWORK_FUNCTIONS = List.of("framework-onEvent", "framework-isComplete",
            "framework-onTimeout");

    /**
     * What the CDK offers no property for: the framework functions' architecture (they are Node.js, so
     * either runs them), the permissions boundary of every role made under {@code providerScope}, and the
     * retention of the log group older aws-cdk-lib versions (such as the supported minimum) make for the
     * Provider's Step Functions waiter (two years by default; newer versions make none): the same as the
     * Provider's own log group. Found by their ids rather than by walking every construct: each construct
     * a walk touches costs a call into the CDK's JavaScript, and its class loaded, at every synth.
     *
     * @param providerScope the construct holding the handlers and their Provider (ids {@code Provider},
     *     {@code ProviderLogGroup}, as {@link #provider} makes them)
     * @param options the architecture and boundary
     */
    static void applyToFramework(Construct providerScope, HandlerOptions options) {
        IConstruct provider = providerScope.getNode().findChild("Provider");
        for (Function framework : frameworkFunctions(provider)) {
            ((CfnFunction) framework.getNode().getDefaultChild())
                    .setArchitectures(List.of(options.getArchitecture().getName()));
        }
        IConstruct waiter = provider.getNode().tryFindChild("waiter-state-machine");
        if (waiter != null) {
            Object retention = ((CfnLogGroup) providerScope.getNode().findChild("ProviderLogGroup").getNode()
                    .getDefaultChild()).getRetentionInDays();
            for (IConstruct child : waiter.getNode().findAll()) {
                if (child instanceof CfnLogGroup group) {
                    group.setRetentionInDays((Number) retention);
                }
            }
        }
        if (options.getPermissionsBoundary() != null) {
            PermissionsBoundary.of(providerScope).apply(options.getPermissionsBoundary());
        }
    }

    private static List<Function> frameworkFunctions(IConstruct provider) {
        List<Function> functions = new ArrayList<>();
        for (String id : FRAMEWORK_FUNCTIONS) {
            if (provider.getNode().tryFindChild(id) instanceof Function function) {
                functions.add(function);
            }
        }
        return functions;
    }

    /**
     * @param scope an {@link IamReplicationAuth} or a construct inside one
     * @return that construct (its handler options decide how shared functions are made)
     */
    static IamReplicationAuth ownerOf(Construct scope) {
        for (IConstruct c = scope; c != null; c = c.getNode().getScope()) {
            if (c instanceof IamReplicationAuth auth) {
                return auth;
            }
        }
        throw new IllegalStateException("no IamReplicationAuth above " + scope.getNode().getPath());
    }

    /**
     * Handlers are shared: a second construct that wants other options would silently get the first one's.
     *
     * @param what the shared functions, for the message
     * @param firstOwner path of the construct that made them
     * @param made the options they were made with
     * @param owner the construct that wants to use them
     * @param wanted its options
     * @throws IllegalArgumentException naming both constructs when the options differ
     */
    static void requireSameOptions(String what, String firstOwner, HandlerOptions made, IamReplicationAuth owner,
            HandlerOptions wanted) {
        if (!made.equals(wanted)) {
            throw SynthChecks.error(owner, "handlerOptions " + wanted + " differ from those of " + firstOwner
                    + " (" + made + "), which shares " + what + " with it: the functions are made once, so pass "
                    + "equal HandlerOptions (the same security group, role and boundary objects) to both");
        }
    }

    /**
     * C1-only JIT: a handler runs once per deploy for about a second, where C2 never pays off; measured
     * 0.64-0.84x of the default cold start (CONTRIBUTING.md, Performance).
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
     * Records why cdk-nag's AWS Solutions findings on a handler and its Provider are acceptable: on each
     * handler, on the roles the handlers and the framework functions made for themselves (a role passed in
     * {@link HandlerOptions} is the user's to judge), and on the framework's policy.
     *
     * @param providerScope the construct holding the functions and their Provider
     * @param handlers the functions
     */
    static void recordNagSuppressions(Construct providerScope, Function... handlers) {
        for (Function handler : handlers) {
            NagSuppressions.suppress((CfnResource) handler.getNode().getDefaultChild(), "AwsSolutions-L1",
                    "The handler is built and tested for the java21 runtime (Java 17 bytecode); moving to a newer "
                            + "Java runtime is a tested change of its own.");
            suppressManagedPolicies(handler);
        }
        for (Function framework : frameworkFunctions(providerScope.getNode().findChild("Provider"))) {
            suppressManagedPolicies(framework);
            IConstruct role = framework.getNode().tryFindChild("ServiceRole");
            IConstruct policy = role == null ? null : role.getNode().tryFindChild("DefaultPolicy");
            if (policy != null) {
                NagSuppressions.suppress((CfnPolicy) policy.getNode().getDefaultChild(), "AwsSolutions-IAM5",
                        "The CDK Provider framework may invoke any version of this stack's own handler function, "
                                + "and nothing else.", "regex:/^Resource::<.*Handler[0-9A-F]+\\.Arn>:\\*$/g");
            }
        }
    }

    /** On the role a function made for itself (its child {@code ServiceRole}); none when it was given one. */
    private static void suppressManagedPolicies(Function function) {
        IConstruct role = function.getNode().tryFindChild("ServiceRole");
        if (role != null) {
            NagSuppressions.suppress((CfnRole) role.getNode().getDefaultChild(), "AwsSolutions-IAM4", "AWS managed "
                    + "policies for Lambda logging (and ENIs in a VPC) are the standard minimum for a Lambda execution "
                    + "role.", "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
        }
    }
}
