package io.github.rdsiamreplication.contract;

import java.util.Locale;

/** Rules about RDS parameter group names, the same at synth time and in the handlers. */
public final class ParameterGroupNames {
    private static final String ENGINE_DEFAULT_PREFIX = "default.";

    private ParameterGroupNames() {
    }

    /**
     * RDS names its engine default groups {@code default.<family>} (e.g. {@code default.postgres16}) and
     * lets nobody modify them; RDS names are case-insensitive, so {@code Default.Postgres16} is one too.
     *
     * @param name a DB parameter group or DB cluster parameter group name
     * @return true for an engine default group
     */
    public static boolean isEngineDefault(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(ENGINE_DEFAULT_PREFIX);
    }
}
