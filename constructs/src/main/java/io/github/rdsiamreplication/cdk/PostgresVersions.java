package io.github.rdsiamreplication.cdk;

import java.util.Optional;

/** Reads PostgreSQL versions as the CDK and CloudFormation spell them ("16", "16.4", "9.6"). */
final class PostgresVersions {
    /** IAM authentication for replication exists from PostgreSQL 11 on. */
    static final int MINIMUM_MAJOR = 11;

    private PostgresVersions() {
    }

    /**
     * @param version a major or full version string
     * @return the major version number, e.g. 16 for "16.4" and 9 for "9.6"
     * @throws NumberFormatException when it does not start with a number
     */
    static int major(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    /**
     * @param version a full version such as "14.8" (or "16.4.R2")
     * @return the minor version, or -1 when the version names only the major
     */
    static int minor(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2) {
            return -1;
        }
        String digits = parts[1].replaceAll("[^0-9].*$", "");
        return digits.isEmpty() ? -1 : Integer.parseInt(digits);
    }

    /**
     * Logical replication on Multi-AZ DB clusters needs 14.8, 15.3 or 16 and later.
     *
     * @param version the cluster's engine version, or null
     * @return what is wrong with it, or empty when it is supported
     */
    static Optional<String> multiAzProblem(String version) {
        String remedy = "set engineVersion to 16.x (or 15.3+, 14.8+)";
        if (version == null) {
            return Optional.of("the cluster has no engineVersion, so its parameter group family and logical "
                    + "replication support cannot be known; " + remedy);
        }
        int major;
        try {
            major = major(version);
        } catch (NumberFormatException e) {
            return Optional.of("the cluster's engineVersion '" + version + "' is not a PostgreSQL version; " + remedy);
        }
        int minor = minor(version);
        int needed = major == 14 ? 8 : major == 15 ? 3 : 0;
        if (major < 14 || (needed > 0 && minor < needed)) {
            return Optional.of("the cluster runs PostgreSQL " + version + ", but logical replication on Multi-AZ DB "
                    + "clusters needs 14.8, 15.3, 16 or later" + (needed > 0 && minor < 0
                    ? " (give the minor version, e.g. " + major + "." + needed + ")" : "") + "; " + remedy);
        }
        return Optional.empty();
    }

    /**
     * Logical decoding on a read replica needs RDS for PostgreSQL 16.1 or later (Amazon RDS User Guide,
     * "Logical decoding on a read replica"). 16.1 was the first RDS for PostgreSQL 16 release, so a version
     * naming only the major 16 qualifies.
     *
     * @param version the engine's full version ("16", "16.4", "15.7"), or null
     * @return what is wrong with it, or empty when it is supported
     */
    static Optional<String> readReplicaProblem(String version) {
        String remedy = "use PostgreSQL 16.1 or later for the source and its replica (e.g. PostgresEngineVersion.VER_16), "
                + "or make the source instance the target";
        if (version == null) {
            return Optional.of("the replica's engine has no version, so logical decoding on it cannot be checked; "
                    + remedy);
        }
        int major;
        try {
            major = major(version);
        } catch (NumberFormatException e) {
            return Optional.of("the engine version '" + version + "' is not a PostgreSQL version; " + remedy);
        }
        if (major < 16 || (major == 16 && minor(version) == 0)) {
            return Optional.of("the read replica runs PostgreSQL " + version + ", but logical decoding on a read "
                    + "replica needs RDS for PostgreSQL 16.1 or later (Amazon RDS User Guide, \"Logical decoding on a "
                    + "read replica\"); " + remedy);
        }
        return Optional.empty();
    }
}
