package io.github.rdsiamreplication.contract;

import java.util.StringJoiner;

/** How replication rights are given to a user; the value of the {@code ReplicationGrant} property. */
public enum ReplicationGrant {
    /** {@code GRANT rds_replication TO user}: the Amazon RDS way, works for the RDS master user. Default. */
    RDS_REPLICATION("rds_replication"),
    /** {@code ALTER ROLE user WITH REPLICATION}: needs a superuser (self-managed PostgreSQL). */
    ALTER_ROLE("alter_role");

    private final String propertyValue;

    ReplicationGrant(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** @return the value used in the custom resource properties, e.g. {@code rds_replication} */
    public String propertyValue() {
        return propertyValue;
    }

    /**
     * @param value a property value such as {@code rds_replication}
     * @return the matching grant kind
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ReplicationGrant fromPropertyValue(String value) {
        StringJoiner accepted = new StringJoiner(", ");
        for (ReplicationGrant grant : values()) {
            if (grant.propertyValue.equals(value)) {
                return grant;
            }
            accepted.add(grant.propertyValue);
        }
        throw new IllegalArgumentException("ReplicationGrant is '" + value + "'; use one of " + accepted);
    }
}
