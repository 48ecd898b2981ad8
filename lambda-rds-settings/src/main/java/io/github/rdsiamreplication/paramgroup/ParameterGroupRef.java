package io.github.rdsiamreplication.paramgroup;

import io.github.rdsiamreplication.contract.ParameterGroupNames;


/**
 * A DB parameter group or DB cluster parameter group, by name.
 *
 * @param name the group's name
 * @param cluster true for a DB cluster parameter group
 */
public record ParameterGroupRef(String name, boolean cluster) {
    /** Refuses what cannot work: an empty name, or an engine default group (RDS does not let anyone modify those). */
    public ParameterGroupRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("GroupName is required");
        }
        if (ParameterGroupNames.isEngineDefault(name)) {
            throw new IllegalArgumentException("parameter group '" + name + "' is an engine default group, which "
                    + "cannot be modified; create a custom " + (cluster ? "DB cluster " : "DB ")
                    + "parameter group (a copy of it), attach it to the database, and use that");
        }
    }

    /**
     * @param kind {@code instance} or {@code cluster}
     * @param name the group's name
     * @return the reference
     */
    public static ParameterGroupRef of(String kind, String name) {
        if (!"instance".equals(kind) && !"cluster".equals(kind)) {
            throw new IllegalArgumentException("GroupKind is '" + kind + "'; use instance or cluster");
        }
        return new ParameterGroupRef(name, "cluster".equals(kind));
    }

    /** @return {@code instance} or {@code cluster} */
    public String kind() {
        return cluster ? "cluster" : "instance";
    }

    @Override
    public String toString() {
        return (cluster ? "DB cluster parameter group '" : "DB parameter group '") + name + "'";
    }
}
