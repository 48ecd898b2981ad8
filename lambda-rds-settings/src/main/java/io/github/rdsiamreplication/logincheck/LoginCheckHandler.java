package io.github.rdsiamreplication.logincheck;

import io.github.rdsiamreplication.client.AuthTokenProvider;
import io.github.rdsiamreplication.client.IamAuthTokens;
import io.github.rdsiamreplication.contract.LoginCheckResource;
import io.github.rdsiamreplication.lambdakit.CustomResourceEvent;
import io.github.rdsiamreplication.lambdakit.CustomResourceResponse;
import io.github.rdsiamreplication.lambdakit.Lazy;
import io.github.rdsiamreplication.lambdakit.RequestType;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Custom-resource handler (CDK Provider onEvent) for the opt-in login check: on Create and Update it
 * checks the endpoint, makes an IAM auth token for one replication user with the replication client's
 * {@link IamAuthTokens} (signed locally with the function's role, in its region), logs in for
 * replication from inside the VPC and runs {@code IDENTIFY_SYSTEM}. A refused login fails the
 * deployment with a diagnosis built from the settings the role-grant handler reported, or, with
 * {@code FailOnRefusedLogin=false}, only logs it as a warning. Delete does nothing. {@code Data}: {@code Login} ({@code succeeded}, {@code refused} or
 * {@code failed}) and {@code Timeline}; never the token.
 */
public class LoginCheckHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Data key: how the login went. */
    public static final String LOGIN = LoginCheckResource.DATA_LOGIN;

    private final Supplier<? extends AuthTokenProvider> tokens;
    private final Supplier<String> region;
    private final ReplicationLogin login;

    /** The Lambda entry: tokens signed with the function's role in its region, the RDS CA bundle. */
    public LoginCheckHandler() {
        this(new Lazy<>(() -> IamAuthTokens.builder().build()),
                new Lazy<>(() -> new DefaultAwsRegionProviderChain().getRegion().id()), new ReplicationLogin());
    }

    /**
     * @param tokens gives the token provider (created on first use)
     * @param region gives the region tokens are signed for
     * @param login how to log in
     */
    public LoginCheckHandler(Supplier<? extends AuthTokenProvider> tokens, Supplier<String> region,
            ReplicationLogin login) {
        this.tokens = tokens;
        this.region = region;
        this.login = login;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Consumer<String> log = line -> context.getLogger().log(line + "\n");
        CustomResourceEvent parsed = CustomResourceEvent.of(event);
        if (parsed.type() == RequestType.DELETE) {
            return CustomResourceResponse.of(parsed.physicalResourceId());
        }
        LoginCheckRequest request = LoginCheckRequest.of(parsed.properties());
        return CustomResourceResponse.of("rds-iam-replication-login-check:" + request.host() + ":"
                + request.port() + ":" + request.user(), check(request, log));
    }

    private Map<String, Object> check(LoginCheckRequest request, Consumer<String> log) {
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            SystemIdentity identity = login.identify(request, region.get(), tokens.get());
            log.accept("replication login as " + request.describe() + " with an IAM token succeeded: "
                    + "IDENTIFY_SYSTEM systemid=" + identity.systemId() + ", timeline=" + identity.timeline()
                    + ", xlogpos=" + identity.walPosition() + ", dbname=" + identity.database());
            data.put(LOGIN, "succeeded");
            data.put(LoginCheckResource.DATA_TIMELINE, String.valueOf(identity.timeline()));
            return data;
        } catch (SQLException e) {
            boolean refused = ReplicationLogin.isRefused(e);
            String message = String.valueOf(e.getMessage());
            String diagnosis = refused
                    ? "the replication login as " + request.describe() + " with an IAM token was refused ("
                            + message + ", SQLState " + e.getSQLState() + "). Likely cause: "
                            + request.settings().loginDiagnosis(request.user())
                    : "the replication login as " + request.describe() + " failed before the server judged the "
                            + "token (" + message + ", SQLState " + e.getSQLState() + "): check that the login "
                            + "check's security group reaches the database port, the TLS mode ("
                            + request.sslMode().propertyValue() + ") and that the database is available";
            if (request.failOnRefusedLogin()) {
                throw new IllegalStateException(diagnosis + ". To deploy anyway and only warn, set "
                        + "failOnRefusedLogin(false)");
            }
            log.accept("warning: " + diagnosis);
            data.put(LOGIN, refused ? "refused" : "failed");
            data.put(LoginCheckResource.DATA_TIMELINE, "");
            return data;
        }
    }
}
