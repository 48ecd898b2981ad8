package io.github.rdsiamreplication.contract;

import java.util.List;

/**
 * The property contract of {@value #TYPE}, the custom resource that sets parameters in a parameter
 * group made outside the stack through the RDS API: the construct writes these keys, the handler reads them.
 */
public final class ParametersResource {
    /** The CloudFormation resource type. */
    public static final String TYPE = "Custom::RdsIamReplicationParameters";

    /** The parameter group's name. Required; never an engine default group ({@link ParameterGroupNames}). */
    public static final String GROUP_NAME = "GroupName";
    /** {@value #KIND_INSTANCE} or {@value #KIND_CLUSTER}. Required. */
    public static final String GROUP_KIND = "GroupKind";
    /** Parameter name to value, an object of strings. Required, not empty. */
    public static final String PARAMETERS = "Parameters";

    /** {@link #GROUP_KIND} of a DB parameter group. */
    public static final String KIND_INSTANCE = "instance";
    /** {@link #GROUP_KIND} of a DB cluster parameter group. */
    public static final String KIND_CLUSTER = "cluster";
    /** The values {@link #GROUP_KIND} may take. */
    public static final List<String> KINDS = List.of(KIND_INSTANCE, KIND_CLUSTER);

    /** Data key: the group's name. */
    public static final String DATA_GROUP_NAME = "GroupName";

    private ParametersResource() {
    }
}
