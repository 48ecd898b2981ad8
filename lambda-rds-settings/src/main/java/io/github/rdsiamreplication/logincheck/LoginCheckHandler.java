package io.github.rdsiamreplication.logincheck;

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

/**
 * Custom-resource handler (CDK Provider onEvent) for the opt-in login check: on Create and Update it
 * makes an IAM auth token for one replication user, logs in for replication from inside the VPC and
 * runs {@code IDENTIFY_SYSTEM}. A refused login fails the deployment with a diagnosis built from the
 * settings the role-grant handler reported, or, with {@code FailOnRefusedLogin=false}, only logs it as
 * a warning. Delete does nothing. {@code Data}: {@code Login} ({@code succeeded}, {@code refused} or
 * {@code failed}) and {@code Timeline}; never the token.
 */
public class LoginCheckHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Data key: how the login went. */
    public static final String LOGIN = LoginCheckResource.DATA_LOGIN;

    private final Supplier<? extends TokenSource> tokens;
    private final ReplicationLogin login;

    /** The Lambda entry: tokens signed with the function's role, the RDS CA bundle. */
    public LoginCheckHandler() {
        this(new Lazy<>(RdsAuthTokens::new), new ReplicationLogin());
    }

    /**
     * @param tokens gives the token source (created on first use)
     * @param login how to log in
     */
    public LoginCheckHandler(Supplier<? extends TokenSource> tokens, ReplicationLogin login) {
        this.tokens = tokens;
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
        String token = tokens.get().token(request.host(), request.port(), request.user());
        try {
            SystemIdentity identity = login.identify(request, token);
            log.accept("replication login as " + request.describe() + " with an IAM token succeeded: "
                    + "IDENTIFY_SYSTEM systemid=" + identity.systemId() + ", timeline=" + identity.timeline()
                    + ", xlogpos=" + identity.walPosition() + ", dbname=" + identity.database());
            data.put(LOGIN, "succeeded");
            data.put(LoginCheckResource.DATA_TIMELINE, String.valueOf(identity.timeline()));
            return data;
        } catch (SQLException e) {
            boolean refused = ReplicationLogin.isRefused(e);
            String message = redact(String.valueOf(e.getMessage()), token);
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

    /** pgjdbc does not echo the password, but a token must never leave even if one day it did. */
    private static String redact(String text, String token) {
        return token == null || token.isEmpty() ? text : text.replace(token, "****");
    }
}
