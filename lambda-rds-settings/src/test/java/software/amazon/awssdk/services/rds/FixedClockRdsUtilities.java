package software.amazon.awssdk.services.rds;

import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The SDK's own RdsUtilities with a fixed clock, through the constructor the SDK keeps for its tests
 * (package-private, hence this package): the token is then the exact one the SDK signs at that instant.
 */
public final class FixedClockRdsUtilities {
    private FixedClockRdsUtilities() {
    }

    /**
     * @param region the region
     * @param credentials fixed credentials
     * @param clock fixed clock
     * @return the SDK's RdsUtilities
     */
    public static RdsUtilities create(Region region, AwsCredentialsProvider credentials, Clock clock) {
        DefaultRdsUtilities.DefaultBuilder builder = (DefaultRdsUtilities.DefaultBuilder) RdsUtilities.builder()
                .region(region).credentialsProvider(credentials);
        return new DefaultRdsUtilities(builder, clock);
    }
}
