package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stream's reconnect waits are the contract's {@code Backoff} with equal jitter (tested there). */
class BackoffTest {
    @Test
    void anImpossibleBackoffIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> LogicalReplicationStream.builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> LogicalReplicationStream.builder().backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
    }
}
