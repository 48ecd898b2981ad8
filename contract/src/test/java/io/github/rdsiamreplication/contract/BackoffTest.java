package io.github.rdsiamreplication.contract;

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
    void withoutJitterEachWaitIsTheStepWhichDoublesUpToTheMaximum() {
        assertThat(waits(Backoff.doubling(Duration.ofMillis(500), Duration.ofSeconds(10)), 7))
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L);
    }

    @Test
    void withJitterEachWaitLiesBetweenHalfTheStepAndTheStep() {
        assertThat(waits(Backoff.withEqualJitter(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0.0), 5))
                .containsExactly(100L, 200L, 400L, 500L, 500L);
        assertThat(waits(Backoff.withEqualJitter(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0.999_999), 5))
                .containsExactly(200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void clientsThatFailTogetherDoNotRetryInLockstep() {
        Set<Long> firstWaits = new HashSet<>();
        for (int client = 0; client < 20; client++) {
            // 20 draws from 101 possible waits.
            firstWaits.add(Backoff.withEqualJitter(Duration.ofMillis(200), Duration.ofSeconds(10),
                    () -> ThreadLocalRandom.current().nextDouble()).next().toMillis());
        }
        assertThat(firstWaits).as("20 clients' first waits").hasSizeGreaterThan(10)
                .allSatisfy(wait -> assertThat(wait).isBetween(100L, 200L));
    }

    @Test
    void resetStartsFromTheInitialStepAgain() {
        Backoff jittered = Backoff.withEqualJitter(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
        waits(jittered, 4);
        jittered.reset();
        assertThat(jittered.next()).isEqualTo(Duration.ofMillis(50));
        Backoff plain = Backoff.doubling(Duration.ofMillis(100), Duration.ofSeconds(10));
        waits(plain, 4);
        plain.reset();
        assertThat(plain.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void anImpossibleBackoffIsRefused() {
        assertThatThrownBy(() -> Backoff.doubling(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> Backoff.doubling(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> Backoff.withEqualJitter(Duration.ofSeconds(-1), Duration.ofSeconds(1), () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.withEqualJitter(Duration.ofSeconds(1), Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class);
    }
}
