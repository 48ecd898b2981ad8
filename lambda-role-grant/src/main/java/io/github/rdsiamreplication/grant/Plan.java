package io.github.rdsiamreplication.grant;

import java.util.List;
import java.util.Map;

/**
 * The planner's answer: statements to run in order, the ledger to record afterwards, and warnings.
 *
 * @param statements SQL statements, in the order they must run
 * @param ledger what this resource owns once the statements ran, by user (users it owns nothing of are left out)
 * @param warnings things left alone on purpose, to log
 */
public record Plan(List<String> statements, Map<String, Ownership> ledger, List<String> warnings) {
    /** Makes the parts unmodifiable. */
    public Plan {
        statements = List.copyOf(statements);
        ledger = Map.copyOf(ledger);
        warnings = List.copyOf(warnings);
    }
}
