package io.github.rdsiamreplication.lambdakit;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use and kept for the life of the Lambda container (an SDK client, a secret
 * reader): a cold start that fails on a malformed event never pays for it.
 *
 * @param <T> the value's type
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private T value;

    /** @param factory makes the value, once; it must not return null */
    public Lazy(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = Objects.requireNonNull(factory.get(), "the lazy value's factory returned null");
        }
        return value;
    }
}
