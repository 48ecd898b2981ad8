package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class IamAuthTokensTest {
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger made = new AtomicInteger();
    private final DatabaseEndpoint endpoint = new DatabaseEndpoint("db.example", 5432, "debezium", "eu-west-1");

    private IamAuthTokens tokens() {
        return IamAuthTokens.builder().clock(clock).generator(e -> e.user() + "-" + made.incrementAndGet()).build();
    }

    @Test
    void aTokenIsReusedUntilTheRefreshAgeThenReplaced() {
        IamAuthTokens tokens = tokens();
        String first = tokens.token(endpoint);

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(tokens.token(endpoint)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token(endpoint)).isNotEqualTo(first);
        assertThat(made).hasValue(2);
    }

    @Test
    void tokensAreCachedPerHostPortUserAndRegion() {
        IamAuthTokens tokens = tokens();
        tokens.token(endpoint);
        tokens.token(new DatabaseEndpoint("db.example", 5432, "other", "eu-west-1"));
        tokens.token(new DatabaseEndpoint("db.example", 5433, "debezium", "eu-west-1"));
        tokens.token(new DatabaseEndpoint("db.example", 5432, "debezium", "us-east-1"));
        tokens.token(endpoint);

        assertThat(made).hasValue(4);
    }

    @Test
    void invalidateDropsOnlyThatToken() {
        IamAuthTokens tokens = tokens();
        String first = tokens.token(endpoint);

        tokens.invalidate(endpoint, "some-other-token");
        assertThat(tokens.token(endpoint)).isEqualTo(first);
        tokens.invalidate(endpoint, first);
        assertThat(tokens.token(endpoint)).isNotEqualTo(first);
    }

    @Test
    void concurrentCallersShareOneToken() throws Exception {
        IamAuthTokens tokens = tokens();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = java.util.Collections.nCopies(64, () -> tokens.token(endpoint));
            for (Future<String> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo("debezium-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void aClockThatGoesBackMakesANewToken() {
        IamAuthTokens tokens = tokens();
        String first = tokens.token(endpoint);
        clock.advance(Duration.ofMinutes(-1));

        assertThat(tokens.token(endpoint)).isNotEqualTo(first);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> IamAuthTokens.builder().refreshAfter(Duration.ofMinutes(15)))
                .hasMessageContaining("less than the token's 15-minute lifetime");
        assertThatThrownBy(() -> new DatabaseEndpoint("db", 5432, "u", "eu-west"))
                .hasMessageContaining("not an AWS region name");
        assertThatThrownBy(() -> new DatabaseEndpoint("db", 0, "u", "eu-west-1")).hasMessageContaining("port is 0");
    }

    @Test
    void theRealRdsUtilitiesMakesATokenOfTheDocumentedShape() {
        IamAuthTokens tokens = IamAuthTokens.builder().credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))).build();
        Instant before = Instant.now().minusSeconds(1);

        String token = tokens.token(endpoint);

        assertThat(token).startsWith("db.example:5432/?");
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create("https://" + token).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(query).containsEntry("Action", "connect").containsEntry("DBUser", "debezium")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256").containsEntry("X-Amz-Expires", "900")
                .containsEntry("X-Amz-SignedHeaders", "host");
        String date = query.get("X-Amz-Date");
        Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(date, Instant::from);
        assertThat(signedAt).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(query.get("X-Amz-Credential"))
                .isEqualTo("AKIDEXAMPLE/" + date.substring(0, 8) + "/eu-west-1/rds-db/aws4_request");
        assertThat(query.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
    }
}
