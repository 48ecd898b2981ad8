package io.github.rdsiamreplication.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * IAM auth tokens for RDS, made with {@link RdsUtilities#generateAuthenticationToken}, cached per
 * host/port/user/region and replaced before they expire. A token is valid 15 minutes and checked only
 * when a connection logs in, so every connect asks this provider and gets one that is fresh enough.
 * Thread-safe.
 */
public final class IamAuthTokens implements AuthTokenProvider {
    /** Default time after which a cached token is replaced: well inside its 15-minute life. */
    public static final Duration DEFAULT_REFRESH_AFTER = Duration.ofMinutes(10);
    /** How long RDS accepts a token. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final Function<DatabaseEndpoint, String> generator;
    private final Duration refreshAfter;
    private final Clock clock;
    private final Map<DatabaseEndpoint, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String token, Instant madeAt) {
    }

    private IamAuthTokens(Builder builder) {
        this.generator = builder.generator != null ? builder.generator : rdsUtilities(builder.credentials);
        this.refreshAfter = builder.refreshAfter;
        this.clock = builder.clock;
    }

    /** @return a builder; every option has a default */
    public static Builder builder() {
        return new Builder();
    }

    private static Function<DatabaseEndpoint, String> rdsUtilities(AwsCredentialsProvider credentials) {
        RdsUtilities utilities = RdsUtilities.builder().credentialsProvider(credentials).build();
        return endpoint -> utilities.generateAuthenticationToken(r -> r.hostname(endpoint.host())
                .port(endpoint.port()).username(endpoint.user()).region(Region.of(endpoint.region())));
    }

    @Override
    public String token(DatabaseEndpoint endpoint) {
        Instant now = clock.instant();
        return cache.compute(endpoint, (key, cached) -> cached != null
                && now.isBefore(cached.madeAt().plus(refreshAfter)) && !now.isBefore(cached.madeAt())
                ? cached : new Cached(generator.apply(key), now)).token();
    }

    @Override
    public void invalidate(DatabaseEndpoint endpoint, String token) {
        cache.computeIfPresent(endpoint, (key, cached) -> cached.token().equals(token) ? null : cached);
    }

    /** Builds {@link IamAuthTokens}. */
    public static final class Builder {
        private AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        private Function<DatabaseEndpoint, String> generator;
        private Duration refreshAfter = DEFAULT_REFRESH_AFTER;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param credentials who signs the tokens (needs {@code rds-db:connect} on the user).
         *     Default: the SDK's default credentials chain
         * @return this
         */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentialsProvider");
            return this;
        }

        /**
         * @param refreshAfter age after which a cached token is replaced; more than zero and less than 15
         *     minutes. Default: 10 minutes
         * @return this
         */
        public Builder refreshAfter(Duration refreshAfter) {
            if (refreshAfter == null || refreshAfter.isNegative() || refreshAfter.isZero()
                    || refreshAfter.compareTo(TOKEN_LIFETIME) >= 0) {
                throw new IllegalArgumentException("refreshAfter must be more than zero and less than the token's "
                        + "15-minute lifetime, got " + refreshAfter);
            }
            this.refreshAfter = refreshAfter;
            return this;
        }

        /**
         * @param clock the clock that ages cached tokens. Default: the system clock
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Replaces RdsUtilities, e.g. with a test provider that sets the role's password.
         *
         * @param generator makes a token for an endpoint. Default: {@link RdsUtilities}
         * @return this
         */
        public Builder generator(Function<DatabaseEndpoint, String> generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /** @return the provider */
        public IamAuthTokens build() {
            return new IamAuthTokens(this);
        }
    }
}
