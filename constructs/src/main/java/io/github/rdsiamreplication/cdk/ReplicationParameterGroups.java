package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.ParameterGroupNames;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.rds.CfnDBClusterParameterGroup;
import software.amazon.awscdk.services.rds.CfnDBParameterGroup;
import software.amazon.awscdk.services.rds.IEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.ParameterGroupClusterBindOptions;
import software.amazon.awscdk.services.rds.ParameterGroupInstanceBindOptions;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Puts the replication parameters ({@link ReplicationParameters#values}) into the parameter group a database uses: creates and
 * attaches a group when it has none (or an engine default group), adds to the group when it is one
 * of this stack (L2 {@link ParameterGroup} or L1), and sets them through the RDS API in a group made
 * outside the stack (named by a plain string), putting back what it found when the construct goes.
 */
final class ReplicationParameterGroups {
    private ReplicationParameterGroups() {
    }

    /**
     * @param scope where a new group is created
     * @param database the database construct, for messages
     * @param groupName the database's L1 parameter group name property (token, literal or null)
     * @param kind instance or cluster parameter group
     * @param engine the engine a new group is made for (its family, e.g. postgres16)
     * @param attach sets the database's parameter group name to a new group's name
     * @param wanted the parameter values to set
     * @return the group construct that holds the parameters
     */
    static IConstruct ensure(Construct scope, IConstruct database, Object groupName, ParameterGroupKind kind,
            IEngine engine, Consumer<String> attach, Map<String, String> wanted) {
        Stack stack = Stack.of(database);
        Object resolved = stack.resolve(groupName);
        if (resolved == null || (resolved instanceof String name && ParameterGroupNames.isEngineDefault(name))) {
            // Beside the database when the construct is in another stack: the database refers to the group, and
            // the construct's stack already depends on the database's.
            Construct home = stack.equals(Stack.of(scope)) || !(database instanceof Construct owner) ? scope : owner;
            String id = home == scope ? "ParameterGroup" : "RdsIamReplicationParameters";
            ParameterGroup group = ParameterGroup.Builder.create(home, id)
                    .engine(engine)
                    .description("PostgreSQL parameters for IAM authentication of replication connections")
                    .parameters(new TreeMap<>(wanted))
                    .build();
            attach.accept(kind == ParameterGroupKind.INSTANCE
                    ? group.bindToInstance(ParameterGroupInstanceBindOptions.builder().build()).getParameterGroupName()
                    : group.bindToCluster(ParameterGroupClusterBindOptions.builder().build()).getParameterGroupName());
            return group;
        }
        if (resolved instanceof String importedName) {
            // A group made outside the stack: CloudFormation cannot change it, the RDS API can.
            return ParameterGroupProvider.patch(scope, kind, importedName, wanted);
        }
        Editor editor = find(stack, resolved, kind).orElseThrow(() -> SynthChecks.error(database,
                "the database uses " + describe(kind) + " " + resolved
                + ", a value the construct cannot follow (an import from another stack?); use a ParameterGroup "
                + "defined in this stack, the group's plain name, or leave the parameter group unset and the "
                + "construct creates one"));
        List<String> conflicts = ReplicationParameters.conflicts(editor.current(), wanted, editor.path());
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", conflicts));
        }
        editor.add(wanted);
        // A parameter set to another value after this construct was made would win silently: check at synth.
        editor.construct().getNode().addValidation(() -> ReplicationParameters.conflicts(editor.current(), wanted,
                editor.path()));
        return editor.construct();
    }

    private static String describe(ParameterGroupKind kind) {
        return kind == ParameterGroupKind.INSTANCE ? "DB parameter group" : "DB cluster parameter group";
    }

    private static Optional<Editor> find(Stack stack, Object resolvedName, ParameterGroupKind kind) {
        if (!(resolvedName instanceof Map<?, ?> ref) || ref.size() != 1 || !ref.containsKey("Ref")) {
            return Optional.empty();
        }
        Object logicalId = ref.get("Ref");
        for (IConstruct child : stack.getNode().findAll()) {
            boolean matchingKind = kind == ParameterGroupKind.INSTANCE ? child instanceof CfnDBParameterGroup
                    : child instanceof CfnDBClusterParameterGroup;
            if (matchingKind && logicalId.equals(stack.resolve(stack.getLogicalId((CfnElement) child)))) {
                return Optional.of(editorFor(stack, child));
            }
        }
        return Optional.empty();
    }

    private static Editor editorFor(Stack stack, IConstruct cfnGroup) {
        if (cfnGroup.getNode().getScope() instanceof ParameterGroup group) {
            return new Editor(group, () -> resolvedParameters(stack, parametersOf(cfnGroup)),
                    params -> params.forEach(group::addParameter));
        }
        return new Editor(cfnGroup, () -> resolvedParameters(stack, parametersOf(cfnGroup)), params -> {
            Object current = stack.resolve(parametersOf(cfnGroup));
            if (current != null && !(current instanceof Map<?, ?>)) {
                throw SynthChecks.error(cfnGroup, "the group's parameters "
                        + "are not a plain map, so the construct cannot add to them; add "
                        + params + " to it yourself");
            }
            Map<String, Object> merged = new TreeMap<>();
            if (current instanceof Map<?, ?> map) {
                map.forEach((k, v) -> merged.put(String.valueOf(k), v));
            }
            merged.putAll(params);
            if (cfnGroup instanceof CfnDBParameterGroup instanceGroup) {
                instanceGroup.setParameters(merged);
            } else {
                ((CfnDBClusterParameterGroup) cfnGroup).setParameters(merged);
            }
        });
    }

    private static Object parametersOf(IConstruct cfnGroup) {
        return cfnGroup instanceof CfnDBParameterGroup instanceGroup ? instanceGroup.getParameters()
                : ((CfnDBClusterParameterGroup) cfnGroup).getParameters();
    }

    private static Map<?, ?> resolvedParameters(Stack stack, Object parameters) {
        return stack.resolve(parameters) instanceof Map<?, ?> map ? map : Collections.emptyMap();
    }

    /** Reads and extends one group's parameters, whether it is an L2 ParameterGroup or an L1. */
    private record Editor(IConstruct construct, Supplier<Map<?, ?>> reader,
            Consumer<Map<String, String>> writer) {
        String path() {
            return construct.getNode().getPath();
        }

        Map<?, ?> current() {
            return reader.get();
        }

        void add(Map<String, String> parameters) {
            writer.accept(parameters);
        }
    }
}
