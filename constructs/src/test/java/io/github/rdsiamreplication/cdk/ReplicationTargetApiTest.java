package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public shape of {@link ReplicationTarget}, as the CDK's {@code ProxyTarget}: users see static factories
 * only; what the construct asks of a target is package-private, and no one outside makes a subclass.
 */
class ReplicationTargetApiTest {

    private static boolean visibleOutside(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    @Test
    void usersSeeOnlyTheStaticFactories() {
        List<String> visible = Arrays.stream(ReplicationTarget.class.getDeclaredMethods())
                .filter(m -> visibleOutside(m.getModifiers()))
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .toList();
        assertThat(visible).as("instance methods users could call").isEmpty();

        assertThat(Arrays.stream(ReplicationTarget.class.getDeclaredMethods())
                .filter(m -> visibleOutside(m.getModifiers())).map(Method::getName).distinct().sorted())
                .containsExactly("auroraCluster", "importedCluster", "importedInstance", "instance",
                        "multiAzCluster", "readReplica");
        // Object's public methods aside, nothing is inherited that a user could call on a target.
        assertThat(Arrays.stream(ReplicationTarget.class.getMethods())
                .filter(m -> m.getDeclaringClass() != Object.class)
                .filter(m -> !Modifier.isStatic(m.getModifiers())))
                .isEmpty();
    }

    @Test
    void onlyThisLibraryMakesTargets() {
        assertThat(ReplicationTarget.class.isSealed()).isTrue();
        for (Constructor<?> constructor : ReplicationTarget.class.getDeclaredConstructors()) {
            assertThat(visibleOutside(constructor.getModifiers())).as(constructor.toString()).isFalse();
        }
        for (Class<?> kind : ReplicationTarget.class.getPermittedSubclasses()) {
            assertThat(Modifier.isPublic(kind.getModifiers())).as(kind + " is an implementation detail").isFalse();
        }
    }
}
