package io.github.rdsiamreplication.contract;

import java.util.List;

/**
 * The property contract of {@value #TYPE}, the custom resource that switches IAM database
 * authentication on for a database and reboots it when asked: the construct writes these keys, the
 * handler reads them.
 */
public final class DatabaseSettingsResource {
    /** The CloudFormation resource type. */
    public static final String TYPE = "Custom::RdsIamReplicationDatabase";

    /** {@value #KIND_INSTANCE} or {@value #KIND_CLUSTER}. Required. */
    public static final String KIND = "Kind";
    /** The DB instance or DB cluster identifier. Required. */
    public static final String IDENTIFIER = "Identifier";
    /** A {@link RebootPolicy} property value. Default: {@link #DEFAULT_REBOOT_POLICY}. */
    public static final String REBOOT_POLICY = "RebootPolicy";
    /**
     * {@code "true"} or {@code "false"}: a reboot may apply other pending modifications too. Default:
     * {@value #DEFAULT_APPLY_OTHER_PENDING_CHANGES} (the construct then leaves the key out).
     */
    public static final String APPLY_OTHER_PENDING_CHANGES = "ApplyOtherPendingChanges";

    /** {@link #KIND} of a DB instance. */
    public static final String KIND_INSTANCE = "instance";
    /** {@link #KIND} of a DB cluster (Aurora or Multi-AZ). */
    public static final String KIND_CLUSTER = "cluster";
    /** The values {@link #KIND} may take. */
    public static final List<String> KINDS = List.of(KIND_INSTANCE, KIND_CLUSTER);

    /** Default of {@link #REBOOT_POLICY}. */
    public static final RebootPolicy DEFAULT_REBOOT_POLICY = RebootPolicy.NEVER;
    /** Default of {@link #APPLY_OTHER_PENDING_CHANGES}. */
    public static final boolean DEFAULT_APPLY_OTHER_PENDING_CHANGES = false;

    /** Data key: the parameter group's apply status the last poll read. */
    public static final String DATA_PARAMETER_APPLY_STATUS = "ParameterApplyStatus";

    private DatabaseSettingsResource() {
    }
}
