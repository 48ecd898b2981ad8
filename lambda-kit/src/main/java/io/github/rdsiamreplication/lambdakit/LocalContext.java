package io.github.rdsiamreplication.lambdakit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A Lambda {@link Context} for running a handler outside Lambda ({@code LocalInvoke}, tests): a time
 * budget counted from construction, and a log that goes to a sink or is kept for reading.
 */
public final class LocalContext implements Context {
    /** Default time budget of {@link #recording()}: a Lambda with a 5-minute timeout. */
    public static final long DEFAULT_REMAINING_MILLIS = 300_000;

    private final long deadlineMillis;
    private final Consumer<String> sink;
    private final StringBuffer kept;

    private LocalContext(long remainingMillis, Consumer<String> sink, StringBuffer kept) {
        this.deadlineMillis = System.currentTimeMillis() + remainingMillis;
        this.sink = sink;
        this.kept = kept;
    }

    /**
     * @param remainingMillis time the handler is told it has, from now
     * @param sink receives every log message as the handler wrote it
     */
    public LocalContext(long remainingMillis, Consumer<String> sink) {
        this(remainingMillis, Objects.requireNonNull(sink, "sink"), null);
    }

    /**
     * @param remainingMillis time the handler is told it has, from now
     * @return a context that keeps every log message, for {@link #log()}
     */
    public static LocalContext recording(long remainingMillis) {
        StringBuffer kept = new StringBuffer();
        return new LocalContext(remainingMillis, kept::append, kept);
    }

    /** @return a context that keeps every log message, with {@value #DEFAULT_REMAINING_MILLIS} ms to run */
    public static LocalContext recording() {
        return recording(DEFAULT_REMAINING_MILLIS);
    }

    /**
     * @return everything logged so far, as written
     * @throws IllegalStateException for a context made with a sink (it keeps nothing)
     */
    public String log() {
        if (kept == null) {
            throw new IllegalStateException("this LocalContext sends its log to a sink; use LocalContext.recording()");
        }
        return kept.toString();
    }

    @Override public String getAwsRequestId() { return "local"; }
    @Override public String getLogGroupName() { return "local"; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return "local"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "local"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return 512; }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
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
