package io.github.rdsiamreplication.grant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A point in time by which the handler must have answered.
 *
 * @param clock the clock to read
 * @param at the deadline itself
 */
public record Deadline(Clock clock, Instant at) {
    /**
     * @param clock the clock to read
     * @param fromNow time left
     * @return a deadline {@code fromNow} after the clock's current instant
     */
    public static Deadline in(Clock clock, Duration fromNow) {
        return new Deadline(clock, clock.instant().plus(fromNow));
    }

    /** @return time left, never negative */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * @param other another deadline
     * @return whichever comes first
     */
    public Deadline earliest(Deadline other) {
        return other.at.isBefore(at) ? other : this;
    }
}
