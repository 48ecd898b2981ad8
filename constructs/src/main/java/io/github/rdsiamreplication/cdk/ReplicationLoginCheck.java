package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.LoginCheckResource;
import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.contract.SslMode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The opt-in login check of one {@link IamReplicationAuth}: its own small function (in the RDS-API
 * handler jar, which already carries the SDK's RdsUtilities, so the role-grant jar stays small) in the
 * handler's VPC and subnets, allowed {@code rds-db:connect} as that one user and nothing else new, and
 * the custom resource that runs it after the grants, given the settings they reported.
 */
final class ReplicationLoginCheck extends Construct {
    /** CloudFormation type of the login check custom resource. */
    static final String RESOURCE_TYPE = LoginCheckResource.TYPE;
    /** A 10-second connect and login, and a JVM start; well under this. */
    static final Duration TIMEOUT = Duration.minutes(2);

    private final CustomResource resource;

    /**
     * @param scope the construct (id {@code LoginCheck} is used)
     * @param target the database
     * @param subnets where the role-grant handler runs (the same network reaches the database)
     * @param grants the grants resource, whose attributes are the settings in effect
     * @param settings database name, user, TLS mode and what to do on a refused login
     */
    ReplicationLoginCheck(IamReplicationAuth scope, ReplicationTarget target, SubnetSelection subnets,
            CustomResource grants, Settings settings) {
        super(scope, "LoginCheck");
        HandlerOptions options = scope.handlerOptions();
        List<ISecurityGroup> securityGroups = options.getSecurityGroups().isEmpty()
                ? List.of(SecurityGroup.Builder.create(this, "SecurityGroup")
                        .vpc(target.vpc())
                        .description("rds-iam-replication login check: reaches the database port only")
                        .allowAllOutbound(false)
                        .build())
                : options.getSecurityGroups();
        Function handler = JavaHandlers.function(this, HandlerJar.LOGIN_CHECK, "rds-iam-replication: logs in for "
                        + "replication as '" + settings.user() + "' with an IAM token and runs IDENTIFY_SYSTEM", TIMEOUT,
                        options)
                .vpc(target.vpc())
                .vpcSubnets(subnets)
                .securityGroups(securityGroups)
                .build();
        DbUserGrants.grantConnect(scope, target.resourceId(), scope.getReplicationUsers(), handler, settings.user());
        for (ISecurityGroup group : securityGroups) {
            target.connections().allowDefaultPortFrom(group, "rds-iam-replication login check");
        }
        Provider provider = JavaHandlers.provider(this, options).onEventHandler(handler).build();
        JavaHandlers.applyToFramework(this, options);
        JavaHandlers.recordNagSuppressions(this, handler);

        Map<String, Object> properties = new TreeMap<>();
        properties.put(LoginCheckResource.HOST, target.endpointAddress());
        properties.put(LoginCheckResource.PORT, target.endpointPort());
        properties.put(LoginCheckResource.DATABASE, settings.databaseName());
        properties.put(LoginCheckResource.USER, settings.user());
        properties.put(LoginCheckResource.SSL_MODE, settings.sslMode().propertyValue());
        properties.put(LoginCheckResource.FAIL_ON_REFUSED_LOGIN, String.valueOf(settings.failOnRefusedLogin()));
        for (String key : List.of(SettingsInEffect.WAL_LEVEL, SettingsInEffect.LOGICAL_REPLICATION,
                SettingsInEffect.IAM_AUTH_FOR_REPLICATION, SettingsInEffect.USERS_WITHOUT_RDS_IAM,
                SettingsInEffect.USERS_WITHOUT_RDS_REPLICATION)) {
            properties.put(key, grants.getAttString(key));
        }
        resource = JavaHandlers.customResource(this, "Resource", this, provider.getServiceToken(), RESOURCE_TYPE,
                properties);
        resource.getNode().addDependency(grants);
        for (ISecurityGroup group : target.connections().getSecurityGroups()) {
            resource.getNode().addDependency(group); // holds the ingress rule for the check
        }
    }

    /** @return the custom resource; {@code Login} is its attribute */
    CustomResource resource() {
        return resource;
    }

    /**
     * What the check needs from the construct's properties.
     *
     * @param databaseName database to log into
     * @param user the replication user to log in as
     * @param sslMode TLS mode
     * @param failOnRefusedLogin fail the deployment on a refused login (else warn)
     */
    record Settings(String databaseName, String user, SslMode sslMode, boolean failOnRefusedLogin) {
    }
}
