package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.contract.RebootPolicy;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.IDatabaseInstance;

/** One handler jar serves every function: each entry point is in it, and a stack carries it as one asset. */
class HandlerJarTest {

    @Test
    void everyEntryPointIsALambdaHandlerInTheEmbeddedJar() throws Exception {
        try (URLClassLoader jar = new URLClassLoader(new URL[] {HandlerJar.ROLE_GRANT.file().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> context = jar.loadClass("com.amazonaws.services.lambda.runtime.Context");
            for (HandlerJar entry : HandlerJar.values()) {
                String[] classAndMethod = entry.handler().split("::");
                Class<?> handler = jar.loadClass(classAndMethod[0]);

                assertThat(handler.getClassLoader()).as(entry.name()).isSameAs(jar);
                assertThat(Modifier.isPublic(handler.getConstructor().getModifiers())).as(entry.name()).isTrue();
                Method method = handler.getMethod(classAndMethod[1], Map.class, context);
                assertThat(method.getReturnType()).as(entry.name()).isEqualTo(Map.class);
            }
        }
        assertThat(Arrays.stream(HandlerJar.values()).map(HandlerJar::file).distinct()).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStackWithEveryHandlerKindHasOneCodeAssetAndARolePerFunction() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IDatabaseInstance orders = DatabaseInstance.fromDatabaseInstanceAttributes(t.stack, "Orders",
                DatabaseInstanceAttributes.builder().instanceIdentifier("orders-db")
                        .instanceEndpointAddress("orders-db.abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .instanceResourceId("db-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(t.stack, "OrdersSg",
                                "sg-0123456789abcdef0")))
                        .build());
        t.auth("Imported", ReplicationTarget.importedInstance(ImportedDatabaseProps.builder().instance(orders)
                        .vpc(t.vpc).parameterGroupName("orders-pg16").build()), "debezium")
                .adminSecret(t.adminSecret()).rebootPolicy(RebootPolicy.IF_PENDING).build();
        t.auth("Made", t.instance("Db"), "debezium").verifyReplicationLogin(true).build();

        Map<String, Map<String, Object>> javaFunctions = new java.util.TreeMap<>(Template.fromStack(t.stack)
                .findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Runtime", "java21"))));
        Set<String> handlers = new TreeSet<>();
        Set<Object> code = new HashSet<>();
        Set<Object> roles = new HashSet<>();
        javaFunctions.values().forEach(f -> {
            Map<String, Object> props = (Map<String, Object>) f.get("Properties");
            handlers.add((String) props.get("Handler"));
            code.add(((Map<String, Object>) props.get("Code")).get("S3Key"));
            roles.add(props.get("Role"));
        });

        assertThat(handlers).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(HandlerJar.values()).map(HandlerJar::handler).toList());
        assertThat(code).as("one code asset for every function").hasSize(1);
        assertThat(roles).as("each function keeps its own role").hasSize(javaFunctions.size());
    }
}
