package io.github.rdsiamreplication.dbsettings;

/**
 * Where a database stands, as one poll reads it.
 *
 * @param done IAM authentication is on, everything is available, and no reboot is left to do
 * @param parameterApplyStatus {@code in-sync}, {@code pending-reboot}, {@code applying}, ...
 * @param waitingFor what the poll is waiting for, when not done (for the log)
 */
public record DatabaseProgress(boolean done, String parameterApplyStatus, String waitingFor) {
}
