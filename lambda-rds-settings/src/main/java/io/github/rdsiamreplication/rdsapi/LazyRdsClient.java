package io.github.rdsiamreplication.rdsapi;

import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * An RDS client from the Lambda environment (region and credentials), made on first use and kept for
 * the life of the container, wrapped in what a handler works with.
 *
 * @param <T> what the handler works with
 */
public final class LazyRdsClient<T> implements Supplier<T> {
    private final Function<RdsClient, T> wrap;
    private T value;

    /** @param wrap makes the handler's object from the client */
    public LazyRdsClient(Function<RdsClient, T> wrap) {
        this.wrap = wrap;
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = wrap.apply(RdsClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
        }
        return value;
    }
}
