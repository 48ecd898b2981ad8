package io.github.rdsiamreplication.logincheck;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * IAM auth tokens from the SDK's {@link RdsUtilities#generateAuthenticationToken} (SigV4-presigned
 * {@code connect} for the user, valid 15 minutes), signed with the Lambda role's credentials in its
 * region. No network call: signing is local.
 */
public final class RdsAuthTokens implements TokenSource {
    private final RdsUtilities utilities;

    /** The Lambda entry: region and credentials from the Lambda environment. */
    public RdsAuthTokens() {
        this(RdsUtilities.builder().region(new DefaultAwsRegionProviderChain().getRegion())
                .credentialsProvider(DefaultCredentialsProvider.builder().build()).build());
    }

    /** @param utilities the SDK's utilities, with their region, credentials (and clock) */
    public RdsAuthTokens(RdsUtilities utilities) {
        this.utilities = utilities;
    }

    @Override
    public String token(String host, int port, String user) {
        return utilities.generateAuthenticationToken(r -> r.hostname(host).port(port).username(user));
    }
}
