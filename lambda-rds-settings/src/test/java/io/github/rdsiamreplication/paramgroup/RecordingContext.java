package io.github.rdsiamreplication.paramgroup;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** A Lambda context for handler tests that keeps the log. */
public final class RecordingContext implements Context {
    private final StringBuilder log = new StringBuilder();

    /** @return everything logged so far */
    public String log() {
        return log.toString();
    }

    @Override public String getAwsRequestId() { return "request"; }
    @Override public String getLogGroupName() { return "group"; }
    @Override public String getLogStreamName() { return "stream"; }
    @Override public String getFunctionName() { return "function"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:f"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 60_000; }
    @Override public int getMemoryLimitInMB() { return 512; }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                log.append(message);
            }

            @Override
            public void log(byte[] message) {
                log.append(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
