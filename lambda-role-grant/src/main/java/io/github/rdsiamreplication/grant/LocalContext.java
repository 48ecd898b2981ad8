package io.github.rdsiamreplication.grant;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A Lambda {@link Context} for running the handler outside Lambda: a time budget and a log sink. */
public class LocalContext implements Context {
    private final long deadlineMillis;
    private final Consumer<String> sink;

    /**
     * @param remainingMillis time the handler is told it has, from now
     * @param sink receives every log message
     */
    public LocalContext(long remainingMillis, Consumer<String> sink) {
        this.deadlineMillis = System.currentTimeMillis() + remainingMillis;
        this.sink = sink;
    }

    @Override public String getAwsRequestId() { return "local"; }
    @Override public String getLogGroupName() { return "local"; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return "role-grant-handler"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "local"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return 512; }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) (deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                sink.accept(message);
            }

            @Override
            public void log(byte[] message) {
                sink.accept(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
