package io.github.rdsiamreplication.paramgroup;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A local endpoint speaking the RDS Query API backed by a model of DB parameter groups and DB cluster
 * parameter groups: Describe, Modify and Reset change and report the same values, so that a test can
 * change a parameter between two handler events through the same endpoint (as a DBA would).
 * Modifying a parameter the group's family lacks fails with {@code InvalidParameterValue}, as RDS does.
 */
final class FakeParameterGroups implements AutoCloseable {
    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final Pattern MEMBER = Pattern.compile("Parameters\\.[A-Za-z]+\\.(\\d+)\\.([A-Za-z]+)");

    /** One parameter of a group: its value (null: engine default) and how it applies. */
    static final class Param {
        final String engineDefault;
        final String applyType;
        String value;

        Param(String engineDefault, String applyType) {
            this.engineDefault = engineDefault;
            this.applyType = applyType;
        }
    }

    private final Map<String, Map<String, Param>> groups = new HashMap<>();
    private final List<String> actions = new ArrayList<>();
    private final WireMockServer server;

    FakeParameterGroups() {
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

    /** A PostgreSQL 16 group: both parameters at their engine default 0, plus an unrelated one. */
    synchronized Map<String, Param> postgres16(boolean cluster, String name) {
        Map<String, Param> params = new TreeMap<>();
        params.put("autovacuum", new Param("1", "dynamic"));
        params.put("rds.logical_replication", new Param("0", "static"));
        params.put("rds.iam_auth_for_replication", new Param("0", "dynamic"));
        groups.put(key(cluster, name), params);
        return params;
    }

    /** A PostgreSQL 10 group: its family has no rds.iam_auth_for_replication. */
    synchronized void postgres10(String name) {
        Map<String, Param> params = new TreeMap<>();
        params.put("rds.logical_replication", new Param("0", "static"));
        groups.put(key(false, name), params);
    }

    /** @return the value a parameter has now (null: engine default) */
    synchronized String value(boolean cluster, String group, String parameter) {
        return groups.get(key(cluster, group)).get(parameter).value;
    }

    /** @return the write actions received, e.g. {@code ModifyDBParameterGroup rds.logical_replication=1} */
    synchronized List<String> writes() {
        return List.copyOf(actions);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String key(boolean cluster, String name) {
        return (cluster ? "cluster:" : "instance:") + name;
    }

    private synchronized ResponseDefinition answer(Map<String, String> form) {
        String action = form.get("Action");
        boolean cluster = action.contains("Cluster");
        String name = form.get(cluster ? "DBClusterParameterGroupName" : "DBParameterGroupName");
        Map<String, Param> group = groups.get(key(cluster, name));
        if (group == null) {
            return error(404, "DBParameterGroupNotFound",
                    "Parameter group " + name + " not found.");
        }
        if (action.startsWith("Describe")) {
            StringBuilder xml = new StringBuilder();
            group.forEach((n, p) -> xml.append(RdsQueryApiStub.parameter(n, p.value != null ? p.value
                    : p.engineDefault, p.value != null ? "user" : "engine-default", p.applyType)));
            return ok(response(action, "<Parameters>" + xml + "</Parameters>"));
        }
        Map<String, Map<String, String>> members = members(form);
        for (Map<String, String> member : members.values()) {
            if (!group.containsKey(member.get("ParameterName"))) {
                return error(400, "InvalidParameterValue", "Could not find parameter with name: "
                        + member.get("ParameterName"));
            }
        }
        for (Map<String, String> member : members.values()) {
            Param p = group.get(member.get("ParameterName"));
            p.value = action.startsWith("Reset") ? null : member.get("ParameterValue");
            actions.add(action + " " + member.get("ParameterName") + "="
                    + (p.value == null ? "(engine default)" : p.value) + " " + member.get("ApplyMethod"));
        }
        String element = cluster ? "DBClusterParameterGroupName" : "DBParameterGroupName";
        return ok(response(action, "<" + element + ">" + name + "</" + element + ">"));
    }

    private static Map<String, Map<String, String>> members(Map<String, String> form) {
        Map<String, Map<String, String>> members = new TreeMap<>();
        form.forEach((k, v) -> {
            Matcher m = MEMBER.matcher(k);
            if (m.matches()) {
                members.computeIfAbsent(m.group(1), i -> new LinkedHashMap<>()).put(m.group(2), v);
            }
        });
        return members;
    }

    private static String response(String action, String result) {
        return "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" + action + "Response>";
    }

    private static ResponseDefinition ok(String body) {
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body)
                .build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code>"
                        + "<Message>" + message + "</Message></Error><RequestId>e</RequestId></ErrorResponse>")
                .build();
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
            return answer(form(serveEvent.getRequest().getBodyAsString()));
        }

        @Override
        public String getName() {
            return "parameter-group-model";
        }
    }
}
