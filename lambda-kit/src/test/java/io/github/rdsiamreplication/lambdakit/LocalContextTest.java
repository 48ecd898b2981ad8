package io.github.rdsiamreplication.lambdakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalContextTest {
    @Test
    void aRecordingContextKeepsTextAndBytesAsWritten() {
        LocalContext context = LocalContext.recording();
        context.getLogger().log("first\n");
        context.getLogger().log("zweite Zeile\n".getBytes(StandardCharsets.UTF_8));
        assertThat(context.log()).isEqualTo("first\nzweite Zeile\n");
    }

    @Test
    void aSinkContextHandsEveryMessageOnAndKeepsNothing() {
        List<String> lines = new ArrayList<>();
        LocalContext context = new LocalContext(1_000, lines::add);
        context.getLogger().log("one");
        context.getLogger().log("two");
        assertThat(lines).containsExactly("one", "two");
        assertThatThrownBy(context::log).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LocalContext.recording()");
    }

    @Test
    void theRemainingTimeCountsDownFromTheBudgetAndNeverBelowZero() {
        assertThat(LocalContext.recording(60_000).getRemainingTimeInMillis()).isBetween(1, 60_000);
        assertThat(LocalContext.recording().getRemainingTimeInMillis())
                .isLessThanOrEqualTo((int) LocalContext.DEFAULT_REMAINING_MILLIS).isGreaterThan(60_000);
        assertThat(LocalContext.recording(-5_000).getRemainingTimeInMillis()).isZero();
    }
}
