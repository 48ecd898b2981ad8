package io.github.rdsiamreplication.grant;

import java.util.List;
import java.util.Map;

/**
 * The planner's answer: statements to run in order, the ledger to record afterwards, and warnings.
 *
 * @param statements SQL statements, in the order they must run
 * @param ledger every wanted user and what this resource owns of it once the statements ran
 * @param handedOver users no longer wanted here but managed by another resource too: what this resource
 *     owned of them, to add to that resource's ledger rows instead of undoing it
 * @param warnings things left alone on purpose, to log
 */
public record Plan(List<String> statements, Map<String, Ownership> ledger, Map<String, Ownership> handedOver,
        List<String> warnings) {
    /** Makes the parts unmodifiable. */
    public Plan {
        statements = List.copyOf(statements);
        ledger = Map.copyOf(ledger);
        handedOver = Map.copyOf(handedOver);
        warnings = List.copyOf(warnings);
    }
}
