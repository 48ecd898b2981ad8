package io.github.rdsiamreplication.paramgroup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A local endpoint that answers the RDS Query API (form-encoded requests, XML responses, as in the
 * API reference) for the real SDK client: DescribeDB(Cluster)Parameters, ModifyDB(Cluster)ParameterGroup,
 * ResetDB(Cluster)ParameterGroup, the not-found error and throttling.
 */
public final class RdsQueryApiStub implements AutoCloseable {
    static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    final WireMockServer server = new WireMockServer(options().dynamicPort());

    /** Starts the endpoint on a free port. */
    public RdsQueryApiStub() {
        server.start();
    }

    /** @return the real SDK client, pointed at this endpoint */
    public RdsClient client() {
        return RdsClient.builder().endpointOverride(URI.create("http://localhost:" + server.port()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** One parameter row as DescribeDBParameters returns it; value null leaves ParameterValue out. */
    static String parameter(String name, String value, String source, String applyType) {
        return "<Parameter><ParameterName>" + name + "</ParameterName>"
                + (value == null ? "" : "<ParameterValue>" + value + "</ParameterValue>")
                + "<Description>test</Description><Source>" + source + "</Source><ApplyType>" + applyType
                + "</ApplyType><DataType>boolean</DataType><AllowedValues>0,1</AllowedValues>"
                + "<IsModifiable>true</IsModifiable><ApplyMethod>pending-reboot</ApplyMethod></Parameter>";
    }

    /** DescribeDB[Cluster]Parameters for a group: pages of parameter rows, linked by Marker. */
    void describe(boolean cluster, String group, List<List<String>> pages) {
        String action = cluster ? "DescribeDBClusterParameters" : "DescribeDBParameters";
        for (int i = 0; i < pages.size(); i++) {
            String marker = i + 1 < pages.size() ? "<Marker>page" + (i + 2) + "</Marker>" : "";
            var request = post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                    .withRequestBody(containing(group));
            request = i == 0 ? request.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining(
                    "Marker=")) : request.withRequestBody(containing("Marker=page" + (i + 1)));
            server.stubFor(request.willReturn(xml(200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action
                    + "Result><Parameters>" + String.join("", pages.get(i)) + "</Parameters>" + marker + "</" + action
                    + "Result><ResponseMetadata><RequestId>req-" + i + "</RequestId></ResponseMetadata></" + action
                    + "Response>")));
        }
    }

    /**
     * Answers {@code action} with each body in turn (one per call), then the last one again.
     *
     * @param action the Query API action
     * @param bodies the XML bodies, in order
     */
    public void sequence(String action, List<String> bodies) {
        for (int i = 0; i < bodies.size(); i++) {
            var stub = post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                    .inScenario(action).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "call" + i);
            if (i + 1 < bodies.size()) {
                stub = stub.willSetStateTo("call" + (i + 1));
            }
            server.stubFor(stub.willReturn(xml(200, bodies.get(i))));
        }
    }

    /**
     * @param action the Query API action
     * @param resultXml what goes inside the Result element
     * @return the response document for it
     */
    public static String response(String action, String resultXml) {
        return "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + resultXml + "</" + action
                + "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" + action + "Response>";
    }

    /**
     * Modify / Reset answer with the group name.
     *
     * @param action the Query API action
     * @param cluster true for a cluster group
     * @param group the group name
     */
    public void accept(String action, boolean cluster, String group) {
        String element = cluster ? "DBClusterParameterGroupName" : "DBParameterGroupName";
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .willReturn(xml(200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result><" + element
                        + ">" + group + "</" + element + "></" + action + "Result><ResponseMetadata><RequestId>m"
                        + "</RequestId></ResponseMetadata></" + action + "Response>")));
    }

    /**
     * Every request for {@code action} fails as for a group that does not exist.
     *
     * @param action the Query API action
     * @param code the error code
     * @param group what was not found
     */
    public void notFound(String action, String code, String group) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .willReturn(xml(404, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                        + "</Code><Message>" + group + " not found</Message></Error><RequestId>e</RequestId>"
                        + "</ErrorResponse>")));
    }

    /** The first {@code action} request is throttled, later ones go to the other stubs. */
    void throttleOnce(String action) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .inScenario("throttle").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("passed")
                .atPriority(1)
                .willReturn(xml(400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                        + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>t</RequestId>"
                        + "</ErrorResponse>")));
    }

    /** Every {@code action} request is throttled (the SDK retries, then gives up). */
    void throttleAlways(String action) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action)).atPriority(1)
                .willReturn(xml(400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                        + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>t</RequestId>"
                        + "</ErrorResponse>")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    /** @return the WireMock server, to verify requests */
    public WireMockServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
