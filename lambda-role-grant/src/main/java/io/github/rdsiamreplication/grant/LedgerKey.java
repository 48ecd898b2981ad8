package io.github.rdsiamreplication.grant;

/**
 * Which ledger rows are a resource's own in one event. Rows are keyed by stack id, logical id and user;
 * each also carries the physical id of the incarnation that wrote it last (its label).
 *
 * <ul>
 *   <li>Create and Update ({@link #adopting}) take every row of their stack id and logical id found on this
 *   server, whatever label it carries, and relabel it with their own physical id. So a new host name for the
 *   same server, or a new admin secret or TLS mode (each a new physical id, that is a replacement), keeps the
 *   rows;</li>
 *   <li>a Delete ({@link #labeled}) takes only the rows labeled with its own physical id. After a
 *   replacement on the same server the Update already relabeled them, so the old id's Delete undoes nothing;
 *   on another server (a real move) it finds and undoes the rows there.</li>
 * </ul>
 *
 * @param stackId the stack's ARN
 * @param logicalResourceId the resource's logical id
 * @param physicalId this incarnation's physical id, the label written
 * @param anyLabel whether rows labeled with another physical id are this resource's too (Create, Update)
 */
public record LedgerKey(String stackId, String logicalResourceId, String physicalId, boolean anyLabel) {
    /**
     * @param stackId the stack's ARN
     * @param logicalResourceId the logical id
     * @param physicalId the id this Create or Update answers with
     * @return the key that adopts every row of the resource and relabels it
     */
    public static LedgerKey adopting(String stackId, String logicalResourceId, String physicalId) {
        return new LedgerKey(stackId, logicalResourceId, physicalId, true);
    }

    /**
     * @param stackId the stack's ARN
     * @param logicalResourceId the logical id
     * @param physicalId the Delete's physical id
     * @return the key that takes only the rows with this label
     */
    public static LedgerKey labeled(String stackId, String logicalResourceId, String physicalId) {
        return new LedgerKey(stackId, logicalResourceId, physicalId, false);
    }

    /** @return the resource, for messages */
    public String describe() {
        return "resource " + logicalResourceId + " of stack " + stackId + " (physical id " + physicalId + ")";
    }
}
