package io.github.rdsiamreplication.cdk;

/** Reads PostgreSQL major versions as the CDK spells them ("16", "16.4", "9.6"). */
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
}
