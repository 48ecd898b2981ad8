package io.github.rdsiamreplication.dbsettings;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A local endpoint speaking the RDS Query API (form-encoded requests, XML answers as in the API
 * reference) backed by a small model of DB instances and one DB cluster, for the real SDK client:
 * DescribeDBInstances, DescribeDBClusters, DescribeEvents, ModifyDBInstance, RebootDBInstance. A reboot
 * makes the instance {@code rebooting} for one describe, records a "DB instance restarted" event, and
 * clears {@code pending-reboot} unless the instance is told to keep it. It is what RDS remembers
 * between polls; the handler under test remembers nothing.
 */
final class FakeRdsDatabases implements AutoCloseable {
    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";

    /** One DB instance of the model. */
    static final class Instance {
        final String id;
        final boolean writer;
        String status = "available";
        String applyStatus = "in-sync";
        boolean keepsPendingReboot;
        String pendingModifiedValuesXml = "";
        int rebootingDescribes;

        Instance(String id, boolean writer) {
            this.id = id;
            this.writer = writer;
        }
    }

    private record Event(String source, Instant date, String message) {
    }

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<String> reboots = new ArrayList<>();
    private final List<String> rebootsWhileAnotherWasBusy = new ArrayList<>();
    private String clusterId;
    private final WireMockServer server;

    FakeRdsDatabases() {
        server = new WireMockServer(options().dynamicPort().extensions(new Model()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(new ResponseDefinitionBuilder().withStatus(500)));
    }

    RdsClient client() {
        return RdsClient.builder().endpointOverride(URI.create("http://localhost:" + server.port()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    synchronized Instance instance(String id, boolean writer) {
        Instance instance = new Instance(id, writer);
        instances.put(id, instance);
        return instance;
    }

    /** Makes the instances so far members of DB cluster {@code id}, in the order added. */
    synchronized void cluster(String id) {
        clusterId = id;
    }

    synchronized void event(String source, Instant date, String message) {
        events.add(new Event(source, date, message));
    }

    synchronized List<String> reboots() {
        return List.copyOf(reboots);
    }

    synchronized List<String> rebootsWhileAnotherWasBusy() {
        return List.copyOf(rebootsWhileAnotherWasBusy);
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized String answer(Map<String, String> form) {
        String action = form.get("Action");
        return switch (action) {
            case "DescribeDBInstances" -> describeInstance(form.get("DBInstanceIdentifier"));
            case "DescribeDBClusters" -> response(action, "<DBClusters><DBCluster><DBClusterIdentifier>" + clusterId
                    + "</DBClusterIdentifier><Status>available</Status><IAMDatabaseAuthenticationEnabled>true"
                    + "</IAMDatabaseAuthenticationEnabled><DBClusterMembers>" + members() + "</DBClusterMembers>"
                    + "</DBCluster></DBClusters>");
            case "DescribeEvents" -> describeEvents(form.get("SourceIdentifier"), Instant.parse(form.get("StartTime")));
            case "RebootDBInstance" -> reboot(form.get("DBInstanceIdentifier"));
            default -> throw new IllegalArgumentException("the fake does not answer " + action);
        };
    }

    private String describeInstance(String id) {
        Instance i = instances.get(id);
        String xml = "<DBInstance><DBInstanceIdentifier>" + i.id + "</DBInstanceIdentifier><DBInstanceStatus>"
                + i.status + "</DBInstanceStatus><Engine>postgres</Engine><IAMDatabaseAuthenticationEnabled>true"
                + "</IAMDatabaseAuthenticationEnabled><DBParameterGroups><DBParameterGroup><DBParameterGroupName>"
                + "orders-pg16</DBParameterGroupName><ParameterApplyStatus>" + i.applyStatus
                + "</ParameterApplyStatus></DBParameterGroup></DBParameterGroups><PendingModifiedValues>"
                + i.pendingModifiedValuesXml + "</PendingModifiedValues></DBInstance>";
        if (i.rebootingDescribes > 0 && --i.rebootingDescribes == 0) {
            i.status = "available";
            i.applyStatus = i.keepsPendingReboot ? "pending-reboot" : "in-sync";
        }
        return response("DescribeDBInstances", "<DBInstances>" + xml + "</DBInstances>");
    }

    private String members() {
        StringBuilder xml = new StringBuilder();
        for (Instance i : instances.values()) {
            xml.append("<DBClusterMember><DBInstanceIdentifier>").append(i.id).append("</DBInstanceIdentifier>")
                    .append("<IsClusterWriter>").append(i.writer).append("</IsClusterWriter>")
                    .append("<DBClusterParameterGroupStatus>").append(i.applyStatus)
                    .append("</DBClusterParameterGroupStatus></DBClusterMember>");
        }
        return xml.toString();
    }

    private String describeEvents(String source, Instant since) {
        StringBuilder xml = new StringBuilder();
        for (Event e : events) {
            if (e.source().equals(source) && !e.date().isBefore(since)) {
                xml.append("<Event><SourceIdentifier>").append(source).append("</SourceIdentifier><SourceType>")
                        .append("db-instance</SourceType><Message>").append(e.message()).append("</Message><Date>")
                        .append(e.date()).append("</Date></Event>");
            }
        }
        return response("DescribeEvents", "<Events>" + xml + "</Events>");
    }

    private String reboot(String id) {
        Instance i = instances.get(id);
        reboots.add(id);
        if (instances.values().stream().anyMatch(other -> !other.status.equals("available"))) {
            rebootsWhileAnotherWasBusy.add(id);
        }
        i.status = "rebooting";
        i.applyStatus = "applying";
        i.rebootingDescribes = 1;
        events.add(new Event(id, Instant.now(), "DB instance restarted"));
        return response("RebootDBInstance", "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier>"
                + "<DBInstanceStatus>rebooting</DBInstanceStatus></DBInstance>");
    }

    private static String response(String action, String result) {
        return "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" + action + "Response>";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** Answers every request from the model. */
    private final class Model implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            String body = answer(form(serveEvent.getRequest().getBodyAsString()));
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/xml")
                    .withBody(body).build();
        }

        @Override
        public String getName() {
            return "rds-model";
        }
    }
}
