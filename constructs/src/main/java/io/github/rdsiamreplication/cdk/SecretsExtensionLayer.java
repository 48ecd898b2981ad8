package io.github.rdsiamreplication.cdk;

import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLogLevel;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsOptions;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions;

/**
 * The AWS Parameters and Secrets Lambda Extension (an AWS-published layer) through which the role-grant
 * handler reads the admin secret: it serves GetSecretValue on localhost with the function's own role, so
 * the handler needs no AWS SDK. The role may still read only the secrets granted to it.
 */
final class SecretsExtensionLayer {
    private SecretsExtensionLayer() {
    }

    /**
     * Cache off: every read asks Secrets Manager, so a rotated admin password is seen at once (the handler
     * reads the secret a few times per deployment, never often enough for a cache to matter).
     *
     * @return the layer, in the version this library is built against
     */
    static ParamsAndSecretsLayerVersion layer() {
        return ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103,
                ParamsAndSecretsOptions.builder()
                        .cacheEnabled(false)
                        .logLevel(ParamsAndSecretsLogLevel.WARN)
                        .build());
    }
}
