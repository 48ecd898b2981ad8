package io.github.rdsiamreplication.paramgroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * Reads and changes parameters of one parameter group through the RDS API (the real SDK client):
 * {@code DescribeDBParameters}/{@code DescribeDBClusterParameters}, {@code Modify...ParameterGroup},
 * {@code Reset...ParameterGroup}. Throttling is retried by the SDK's standard retry policy.
 */
public final class RdsParameterGroups {
    private final RdsClient rds;

    /** @param rds the RDS client */
    public RdsParameterGroups(RdsClient rds) {
        this.rds = rds;
    }

    /**
     * @param group the group
     * @param names the parameters to read
     * @return the named parameters as the group has them now, in the order of {@code names}
     * @throws IllegalStateException when a named parameter does not exist in the group's family
     */
    public Map<String, FoundParameter> describe(ParameterGroupRef group, Set<String> names) {
        Map<String, FoundParameter> found = new LinkedHashMap<>();
        Iterable<Parameter> parameters = group.cluster()
                ? rds.describeDBClusterParametersPaginator(r -> r.dbClusterParameterGroupName(group.name()))
                        .stream().flatMap(p -> p.parameters().stream())::iterator
                : rds.describeDBParametersPaginator(r -> r.dbParameterGroupName(group.name()))
                        .stream().flatMap(p -> p.parameters().stream())::iterator;
        for (Parameter p : parameters) {
            if (names.contains(p.parameterName())) {
                String source = String.valueOf(p.source());
                boolean engineDefault = p.parameterValue() == null || "engine-default".equals(source)
                        || "system".equals(source);
                found.put(p.parameterName(), new FoundParameter(p.parameterName(), p.parameterValue(), engineDefault,
                        "static".equals(p.applyType())));
            }
        }
        for (String name : names) {
            if (!found.containsKey(name)) {
                throw new IllegalStateException(group + " has no parameter " + name + "; its engine family does "
                        + "not support IAM authentication for replication (PostgreSQL 11 or later is needed)");
            }
        }
        return found;
    }

    /**
     * @param group the group
     * @param values parameter values to set, each applied as its type allows (static: at the next reboot)
     * @param found the parameters as described, for their apply type
     */
    public void modify(ParameterGroupRef group, Map<String, String> values, Map<String, FoundParameter> found) {
        List<Parameter> parameters = new ArrayList<>();
        values.forEach((name, value) -> parameters.add(Parameter.builder().parameterName(name).parameterValue(value)
                .applyMethod(ApplyMethod.fromValue(found.get(name).applyMethod())).build()));
        if (group.cluster()) {
            rds.modifyDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group.name()).parameters(parameters));
        } else {
            rds.modifyDBParameterGroup(r -> r.dbParameterGroupName(group.name()).parameters(parameters));
        }
    }

    /**
     * Resets parameters to the engine default.
     *
     * @param group the group
     * @param parameters the parameters to reset
     */
    public void reset(ParameterGroupRef group, List<FoundParameter> parameters) {
        List<Parameter> reset = parameters.stream().map(p -> Parameter.builder().parameterName(p.name())
                .applyMethod(ApplyMethod.fromValue(p.applyMethod())).build()).toList();
        if (group.cluster()) {
            rds.resetDBClusterParameterGroup(r -> r.dbClusterParameterGroupName(group.name()).parameters(reset));
        } else {
            rds.resetDBParameterGroup(r -> r.dbParameterGroupName(group.name()).parameters(reset));
        }
    }
}
