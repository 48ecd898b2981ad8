package io.github.rdsiamreplication.cdk;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.rds.CfnDBParameterGroup;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.constructs.IConstruct;

/**
 * Finds the L2 {@link ParameterGroup} behind a parameter group name in a database's L1 resource, when
 * that name is a reference to a group created in the same stack.
 */
final class ParameterGroupLocator {
    private ParameterGroupLocator() {
    }

    /**
     * @param stack the database's stack
     * @param groupName the L1 property's value (token, literal or null)
     * @return the L2 group, or empty when the name is not a Ref to a group of this stack
     */
    static Optional<ParameterGroup> findInstanceGroup(Stack stack, Object groupName) {
        Object resolved = stack.resolve(groupName);
        if (!(resolved instanceof Map<?, ?> ref) || ref.size() != 1 || !ref.containsKey("Ref")) {
            return Optional.empty();
        }
        Object logicalId = ref.get("Ref");
        for (IConstruct child : stack.getNode().findAll()) {
            if (child instanceof CfnDBParameterGroup cfn && logicalId.equals(stack.resolve(stack.getLogicalId(cfn)))
                    && cfn.getNode().getScope() instanceof ParameterGroup group) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    /**
     * @param stack the group's stack
     * @param group an L2 parameter group already bound to an instance
     * @return its parameters as they stand now (resolved)
     */
    static Map<?, ?> currentInstanceParameters(Stack stack, ParameterGroup group) {
        for (IConstruct child : group.getNode().getChildren()) {
            if (child instanceof CfnDBParameterGroup cfn) {
                return stack.resolve(cfn.getParameters()) instanceof Map<?, ?> map ? map : Collections.emptyMap();
            }
        }
        return Collections.emptyMap();
    }
}
