package io.github.rdsiamreplication.grant;

import java.util.Map;
import java.util.Set;

/**
 * What the ledger holds for one resource.
 *
 * @param owned what this resource did to each user it manages
 * @param managedByOthers those of its users that other resources in this database manage too
 */
public record LedgerRows(Map<String, Ownership> owned, Set<String> managedByOthers) {
    /** Makes the parts unmodifiable. */
    public LedgerRows {
        owned = Map.copyOf(owned);
        managedByOthers = Set.copyOf(managedByOthers);
    }
}
