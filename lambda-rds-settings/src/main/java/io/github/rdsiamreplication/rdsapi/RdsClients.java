package io.github.rdsiamreplication.rdsapi;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.rds.RdsClient;

/** The RDS client the handlers use: region and credentials from the Lambda environment, the JDK's HTTP client. */
public final class RdsClients {
    private RdsClients() {
    }

    /** @return a new client; the handlers make it once per container, through the kit's {@code Lazy} */
    public static RdsClient fromEnvironment() {
        return RdsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
