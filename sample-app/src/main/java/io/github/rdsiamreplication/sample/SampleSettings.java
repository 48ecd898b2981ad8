package io.github.rdsiamreplication.sample;

import java.util.Locale;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * What the sample deploys, read from CDK context ({@code -c key=value} on the command line, or
 * {@code cdk.json}'s {@code context}).
 *
 * <ul>
 * <li>{@code variant}: {@code default} (one single-AZ PostgreSQL 16 instance, the cheap default) or
 *     {@code matrix} (the default instance plus a read replica of it, an Aurora PostgreSQL cluster, a
 *     Multi-AZ DB cluster and, given a snapshot, an instance restored from it). Default: {@code default}.</li>
 * <li>{@code snapshotIdentifier}: the ARN or name of a PostgreSQL 16 DB snapshot in the deploying account
 *     and region, for the matrix's restored instance; without it the matrix leaves that instance out
 *     (and says so at synth). Default: none.</li>
 * <li>{@code snapshotAdminUser}: the master user name stored in that snapshot (a restore keeps it; the
 *     sample generates a new password for it). Default: {@code postgres}.</li>
 * </ul>
 *
 * @param variant what to deploy
 * @param snapshotIdentifier the snapshot to restore in the matrix; null for none
 * @param snapshotAdminUser the snapshot's master user name
 */
public record SampleSettings(Variant variant, String snapshotIdentifier, String snapshotAdminUser) {
    /** Context key naming the variant. */
    public static final String VARIANT = "variant";
    /** Context key naming the snapshot to restore in the matrix. */
    public static final String SNAPSHOT_IDENTIFIER = "snapshotIdentifier";
    /** Context key naming the snapshot's master user. */
    public static final String SNAPSHOT_ADMIN_USER = "snapshotAdminUser";
    /** The master user the sample's databases are created with, and a snapshot's by default. */
    public static final String DEFAULT_ADMIN_USER = "postgres";

    /** A DB snapshot ARN or identifier: letters, digits, hyphens, colons (ARN parts); nothing else. */
    private static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:\\-]{0,254}");
    /** A PostgreSQL role name as RDS accepts for a master user: a letter, then letters, digits, underscores. */
    private static final Pattern USER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    /** What the sample deploys. */
    public enum Variant {
        /** One single-AZ PostgreSQL 16 instance, the cheapest that shows the feature. */
        DEFAULT,
        /** Every kind of database the construct supports. */
        MATRIX;

        /** @return the context value that names this variant */
        public String contextValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks every part, so that a typo fails at synth and not halfway through a deployment. */
    public SampleSettings {
        if (variant == null) {
            throw new IllegalArgumentException("variant is required");
        }
        if (snapshotIdentifier != null && !SNAPSHOT.matcher(snapshotIdentifier).matches()) {
            throw new IllegalArgumentException("-c " + SNAPSHOT_IDENTIFIER + " must be a DB snapshot ARN or name "
                    + "(letters, digits, hyphens and the colons of an ARN), got '" + snapshotIdentifier + "'");
        }
        if (snapshotAdminUser == null || !USER.matcher(snapshotAdminUser).matches()) {
            throw new IllegalArgumentException("-c " + SNAPSHOT_ADMIN_USER + " must be the master user name stored "
                    + "in the snapshot (a letter, then letters, digits or underscores), got '" + snapshotAdminUser + "'");
        }
    }

    /** @return the default variant: one instance, no snapshot */
    public static SampleSettings cheapest() {
        return new SampleSettings(Variant.DEFAULT, null, DEFAULT_ADMIN_USER);
    }

    /**
     * @param snapshotIdentifier the snapshot to restore; null to leave the restored instance out
     * @return the matrix variant
     */
    public static SampleSettings matrix(String snapshotIdentifier) {
        return new SampleSettings(Variant.MATRIX, snapshotIdentifier, DEFAULT_ADMIN_USER);
    }

    /**
     * @param node the app's node, which carries the context
     * @return the settings the context asks for
     * @throws IllegalArgumentException for an unknown variant or a malformed value, naming the remedy
     */
    public static SampleSettings fromContext(Node node) {
        String variant = text(node.tryGetContext(VARIANT));
        Variant chosen = Variant.DEFAULT;
        if (variant != null) {
            chosen = null;
            for (Variant candidate : Variant.values()) {
                if (candidate.contextValue().equals(variant)) {
                    chosen = candidate;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException("-c " + VARIANT + "=" + variant + " is not a sample variant: use "
                        + "-c " + VARIANT + "=default (one single-AZ instance, the default) or -c " + VARIANT
                        + "=matrix (every kind of database)");
            }
        }
        String user = text(node.tryGetContext(SNAPSHOT_ADMIN_USER));
        return new SampleSettings(chosen, text(node.tryGetContext(SNAPSHOT_IDENTIFIER)),
                user == null ? DEFAULT_ADMIN_USER : user);
    }

    /** @return the value as trimmed text; null when absent or blank */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }
}
