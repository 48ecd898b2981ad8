package io.github.rdsiamreplication.cdk;

/** Which kind of parameter group a database takes its parameters from. */
enum ParameterGroupKind {
    /** A DB parameter group ({@code AWS::RDS::DBParameterGroup}), for DB instances. */
    INSTANCE,
    /** A DB cluster parameter group ({@code AWS::RDS::DBClusterParameterGroup}), for Aurora and Multi-AZ clusters. */
    CLUSTER
}
