package io.github.rdsiamreplication.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Reconnect waits that double from an initial value up to a maximum, each drawn at random from the
 * upper half of the current step ("equal jitter"): consumers of one database that lost their
 * connections at the same moment (a failover) spread their reconnects over half a step instead of
 * knocking in lockstep, and no wait is shorter than half the step.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private Duration step;

    /**
     * @param initial the first step
     * @param max the largest step
     * @param random uniform values in [0, 1)
     */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial " + initial
                    + " and max " + max);
        }
        this.step = initial;
    }

    /** @return the wait before the next reconnect; the step doubles for the one after (up to the maximum) */
    Duration next() {
        long half = step.toMillis() / 2;
        long wait = step.toMillis() - half + (long) (random.getAsDouble() * (half + 1));
        step = step.multipliedBy(2).compareTo(max) > 0 ? max : step.multipliedBy(2);
        return Duration.ofMillis(wait);
    }

    /** Starts again from the initial step (after a connection that made progress). */
    void reset() {
        step = initial;
    }
}
