package io.github.rdsiamreplication.logincheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.FixedClockRdsUtilities;

/** The token comes from the SDK's RdsUtilities; with fixed credentials and clock its shape is exact. */
class RdsAuthTokensTest {
    private static final String HOST = "db.abcdefghijkl.eu-west-1.rds.amazonaws.com";
    private static final Instant SIGNED_AT = Instant.parse("2026-11-30T05:30:00Z");

    private static RdsAuthTokens tokens(String accessKey) {
        return new RdsAuthTokens(FixedClockRdsUtilities.create(Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")), Clock.fixed(SIGNED_AT, ZoneOffset.UTC)));
    }

    private static Map<String, String> query(String token) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : URI.create("https://" + token).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    @Test
    void theTokenIsAPresignedConnectForThatHostPortAndUser() {
        String token = tokens("AKIDEXAMPLE").token(HOST, 5432, "debezium");

        assertThat(token).startsWith(HOST + ":5432/?");
        assertThat(query(token)).containsEntry("Action", "connect").containsEntry("DBUser", "debezium")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256").containsEntry("X-Amz-Expires", "900")
                .containsEntry("X-Amz-Date", "20261130T053000Z").containsEntry("X-Amz-SignedHeaders", "host")
                .containsEntry("X-Amz-Credential", "AKIDEXAMPLE/20261130/eu-west-1/rds-db/aws4_request");
        assertThat(query(token).get("X-Amz-Signature")).matches("[0-9a-f]{64}");
    }

    @Test
    void theSameInputsSignTheSameTokenAndAnyChangeChangesTheSignature() {
        String token = tokens("AKIDEXAMPLE").token(HOST, 5432, "debezium");
        String signature = query(token).get("X-Amz-Signature");

        assertThat(tokens("AKIDEXAMPLE").token(HOST, 5432, "debezium")).isEqualTo(token);
        assertThat(query(tokens("AKIDEXAMPLE").token(HOST, 5433, "debezium")).get("X-Amz-Signature"))
                .isNotEqualTo(signature);
        assertThat(query(tokens("AKIDEXAMPLE").token(HOST, 5432, "analytics")).get("X-Amz-Signature"))
                .isNotEqualTo(signature);
        assertThat(query(tokens("AKIDOTHER").token(HOST, 5432, "debezium")).get("X-Amz-Signature"))
                .isNotEqualTo(signature);
    }

    @Test
    void anOddUserNameIsEncodedNotBroken() {
        String token = tokens("AKIDEXAMPLE").token(HOST, 5432, "repl user&x=1");

        assertThat(query(token)).containsEntry("DBUser", "repl user&x=1").doesNotContainKey("x");
    }
}
