package io.github.rdsiamreplication.cdk;

import java.util.function.Consumer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.constructs.IConstruct;

/** Small synth-time helpers the targets share: errors that name the construct, and L1 values. */
final class SynthChecks {
    private SynthChecks() {
    }

    /**
     * @param construct the construct the problem is about
     * @param message what is wrong and what to change
     * @return an exception whose message starts with the construct's path
     */
    static IllegalArgumentException error(IConstruct construct, String message) {
        return new IllegalArgumentException("[" + construct.getNode().getPath() + "] " + message);
    }

    /**
     * Switches IAM database authentication on through an L1 property, or fails when it was set to false.
     *
     * @param database the database construct
     * @param current the property's current value (may be a lazy value)
     * @param set sets the property
     * @param propertyName the L2/L1 property name to name in the error
     */
    static void enableIamAuthentication(IConstruct database, Object current, Consumer<Boolean> set,
            String propertyName) {
        if (Boolean.FALSE.equals(Stack.of(database).resolve(current))) {
            throw error(database, propertyName + " is false; IAM authentication for replication needs it: set it "
                    + "to true or leave it unset");
        }
        set.accept(true);
    }

    /**
     * @param value an L1 string property
     * @return the value when it is a literal, null when it is a token or unset
     */
    static String literalOrNull(String value) {
        return value == null || Token.isUnresolved(value) ? null : value;
    }
}
