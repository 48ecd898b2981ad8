package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static List<Long> waits(Backoff backoff, int count) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(backoff.next().toMillis());
        }
        return waits;
    }

    @Test
    void eachWaitLiesBetweenHalfTheStepAndTheStepWhichDoublesUpToTheMaximum() {
        assertThat(waits(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0.0), 5))
                .containsExactly(100L, 200L, 400L, 500L, 500L);
        assertThat(waits(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0.999_999), 5))
                .containsExactly(200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void consumersThatFailTogetherDoNotReconnectInLockstep() {
        Set<Long> firstWaits = new HashSet<>();
        for (int consumer = 0; consumer < 20; consumer++) {
            // The stream's own source of randomness: 20 draws from 101 possible waits.
            firstWaits.add(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10),
                    () -> ThreadLocalRandom.current().nextDouble()).next().toMillis());
        }
        assertThat(firstWaits).as("20 consumers' first reconnect waits").hasSizeGreaterThan(10)
                .allSatisfy(wait -> assertThat(wait).isBetween(100L, 200L));
    }

    @Test
    void resetStartsFromTheInitialStepAgain() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
        waits(backoff, 4);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void anImpossibleBackoffIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> LogicalReplicationStream.builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> LogicalReplicationStream.builder().backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
