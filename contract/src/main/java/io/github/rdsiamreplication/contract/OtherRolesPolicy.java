package io.github.rdsiamreplication.contract;

import java.util.StringJoiner;

/**
 * What to do, before {@code rds.iam_auth_for_replication} is switched on, about roles outside the managed
 * replication users that have both {@code rds_iam} and replication rights: the switch makes them log in
 * to replication with IAM tokens too (see {@link OtherRolesForcedToIam}). The value travels as the
 * property {@value #PROPERTY}.
 */
public enum OtherRolesPolicy {
    /** Report them (Data, one log line starting with {@code warning:}) and go on. Default. */
    WARN("warn"),
    /** Stop before the parameter changes, naming them and the remedy; nothing is applied. */
    FAIL("fail"),
    /** Do not look for them: no query runs and nothing is reported. */
    IGNORE("ignore");

    /** The custom-resource property carrying the policy (a {@link #propertyValue()}). Default: {@link #DEFAULT}. */
    public static final String PROPERTY = "OtherRolesPolicy";
    /** The policy when the property is absent. */
    public static final OtherRolesPolicy DEFAULT = WARN;

    private final String propertyValue;

    OtherRolesPolicy(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** @return the value used in the custom resource properties, e.g. {@code warn} */
    public String propertyValue() {
        return propertyValue;
    }

    /**
     * @param value a property value such as {@code warn}; null or blank means {@link #DEFAULT}
     * @return the matching policy
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static OtherRolesPolicy fromPropertyValue(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        StringJoiner accepted = new StringJoiner(", ");
        for (OtherRolesPolicy policy : values()) {
            if (policy.propertyValue.equals(value)) {
                return policy;
            }
            accepted.add(policy.propertyValue);
        }
        throw new IllegalArgumentException(PROPERTY + " is '" + value + "'; use one of " + accepted);
    }
}
