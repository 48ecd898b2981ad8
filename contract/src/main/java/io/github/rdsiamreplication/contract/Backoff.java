package io.github.rdsiamreplication.contract;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Waits between retries that double from an initial step up to a maximum step. Without jitter each
 * wait is the step itself; with jitter ("equal jitter") each wait is drawn at random from the upper
 * half of the step, so that clients that failed at the same moment (a failover) spread their retries
 * over half a step instead of knocking in lockstep, and no wait is shorter than half the step.
 * Not thread-safe: one instance per retry loop.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private Duration step;

    private Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial " + initial
                    + " and max " + max);
        }
        this.random = random;
        this.step = initial;
    }

    /**
     * @param initial the first wait (greater than zero)
     * @param max the largest wait (at least {@code initial})
     * @return waits of exactly {@code initial}, twice that, and so on up to {@code max}
     */
    public static Backoff doubling(Duration initial, Duration max) {
        return new Backoff(initial, max, null);
    }

    /**
     * @param initial the first step (greater than zero)
     * @param max the largest step (at least {@code initial})
     * @param random uniform values in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
     * @return waits drawn from the upper half of a step that doubles from {@code initial} up to {@code max}
     */
    public static Backoff withEqualJitter(Duration initial, Duration max, DoubleSupplier random) {
        return new Backoff(initial, max, Objects.requireNonNull(random, "random"));
    }

    /** @return the wait before the next retry; the step doubles for the one after (up to the maximum) */
    public Duration next() {
        long stepMillis = step.toMillis();
        long wait = stepMillis;
        if (random != null) {
            long half = stepMillis / 2;
            wait = stepMillis - half + (long) (random.getAsDouble() * (half + 1));
        }
        step = step.multipliedBy(2).compareTo(max) > 0 ? max : step.multipliedBy(2);
        return Duration.ofMillis(wait);
    }

    /** Starts again from the initial step (after an attempt that made progress). */
    public void reset() {
        step = initial;
    }
}
