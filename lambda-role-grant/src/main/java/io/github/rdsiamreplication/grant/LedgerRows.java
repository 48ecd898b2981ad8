package io.github.rdsiamreplication.grant;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * What the ledger holds for one resource ({@link LedgerKey}).
 *
 * @param owned what this resource did to each user it manages
 * @param roleOids the OID each of those roles had when its row was written: a role of that name with another
 *     OID now is not the one this resource worked on
 * @param managedByOthers those of its users that other resources on this server manage too
 * @param labeledElsewhere some of its rows carry another physical id than this event's (to relabel)
 */
public record LedgerRows(Map<String, Ownership> owned, Map<String, Long> roleOids, Set<String> managedByOthers,
        boolean labeledElsewhere) {
    /** Nothing recorded. */
    public static final LedgerRows NONE = new LedgerRows(Collections.emptyMap(), Collections.emptyMap(),
            Collections.emptySet(), false);

    /** Makes the parts unmodifiable and checks that every owned user has its OID. */
    public LedgerRows {
        owned = Map.copyOf(owned);
        roleOids = Map.copyOf(roleOids);
        managedByOthers = Set.copyOf(managedByOthers);
        if (!roleOids.keySet().equals(owned.keySet())) {
            throw new IllegalArgumentException("every recorded user needs its role's OID: " + owned.keySet()
                    + " vs " + roleOids.keySet());
        }
    }

    /**
     * @param state the roles as they are now
     * @return whether every recorded role still exists with the OID it was recorded with
     */
    public boolean sameRolesIn(ClusterState state) {
        for (Map.Entry<String, Long> recorded : roleOids.entrySet()) {
            RoleState role = state.role(recorded.getKey()).orElse(null);
            if (role == null || role.oid() != recorded.getValue()) {
                return false;
            }
        }
        return true;
    }
}
