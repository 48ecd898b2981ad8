package io.github.rdsiamreplication.dbsettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reboots with RebootPolicy if_pending, through the real SDK client against a local RDS Query API
 * endpoint that models the instances. Every poll runs in a new handler with a new client (as a fresh
 * Lambda container would), with the same event, as the Provider framework hands it.
 */
class RebootTest {
    private static final int POLLS = 20;
    private FakeRdsDatabases rds;
    private final LocalContext context = LocalContext.recording();

    @BeforeEach
    void start() {
        rds = new FakeRdsDatabases();
    }

    @AfterEach
    void stop() {
        rds.close();
    }

    private DatabaseSettingsHandler freshContainer() {
        RdsDatabases databases = new RdsDatabases(rds.client());
        return new DatabaseSettingsHandler(() -> databases, Clock.systemUTC());
    }

    /** onEvent, then the event as the Provider framework passes it to every isComplete poll. */
    private Map<String, Object> deploy(String kind, String id, boolean applyOtherPendingChanges) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("Kind", kind);
        props.put("Identifier", id);
        props.put("RebootPolicy", "if_pending");
        if (applyOtherPendingChanges) {
            props.put("ApplyOtherPendingChanges", "true");
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", "Update");
        // As CloudFormation sends an Update: with the id the resource got on Create.
        event.put("PhysicalResourceId", "rds-iam-replication-database:" + kind + ":" + id);
        event.put("ResourceProperties", props);
        event.putAll(freshContainer().handleRequest(event, context));
        return event;
    }

    /** Polls until complete, at most {@link #POLLS} times; returns the last response. */
    private Map<String, Object> pollUntilComplete(Map<String, Object> event) {
        for (int i = 0; i < POLLS; i++) {
            Map<String, Object> response = freshContainer().isComplete(event, context);
            if (Boolean.TRUE.equals(response.get("IsComplete"))) {
                return response;
            }
        }
        throw new AssertionError("not complete after " + POLLS + " polls; reboots: " + rds.reboots());
    }

    @Test
    void aStatusThatNeverClearsGivesExactlyOneRebootAndAClearFailure() {
        FakeRdsDatabases.Instance db = rds.instance("orders-db", true);
        db.applyStatus = "pending-reboot";
        db.keepsPendingReboot = true;
        Map<String, Object> event = deploy("instance", "orders-db", false);

        assertThatThrownBy(() -> pollUntilComplete(event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DB instance orders-db was already rebooted during this deployment")
                .hasMessageContaining("still pending-reboot (status available)");
        assertThat(rds.reboots()).containsExactly("orders-db");
    }

    @Test
    void aPendingRebootIsAppliedOnceAndWaitedFor() {
        rds.instance("orders-db", true).applyStatus = "pending-reboot";
        Map<String, Object> event = deploy("instance", "orders-db", false);

        Map<String, Object> done = pollUntilComplete(event);

        assertThat(done.get("Data")).isEqualTo(Map.of("ParameterApplyStatus", "in-sync"));
        assertThat(rds.reboots()).containsExactly("orders-db");
        assertThat(context.log()).contains("waiting for reboot of orders-db")
                .contains("waiting for DB instance orders-db status rebooting");
    }

    @Test
    void aRestartBeforeThisDeploymentDoesNotCountAsOurs() {
        rds.instance("orders-db", true).applyStatus = "pending-reboot";
        rds.event("orders-db", Instant.now().minus(Duration.ofMinutes(10)), "DB instance restarted");
        Map<String, Object> event = deploy("instance", "orders-db", false);

        pollUntilComplete(event);

        assertThat(rds.reboots()).containsExactly("orders-db");
    }

    @Test
    void aClusterIsRebootedReadersFirstAndTheWriterLastOneAtATime() {
        for (String id : List.of("orders-1", "orders-3", "orders-2")) {
            rds.instance(id, id.equals("orders-1")).applyStatus = "pending-reboot";
        }
        rds.cluster("orders");
        Map<String, Object> event = deploy("cluster", "orders", false);

        Map<String, Object> done = pollUntilComplete(event);

        assertThat(rds.reboots()).containsExactly("orders-2", "orders-3", "orders-1");
        assertThat(rds.rebootsWhileAnotherWasBusy()).isEmpty();
        assertThat(done.get("Data")).isEqualTo(Map.of("ParameterApplyStatus", "in-sync"));
    }

    @Test
    void aPendingInstanceClassChangeIsRefusedAndNothingIsRebooted() {
        FakeRdsDatabases.Instance db = rds.instance("orders-db", true);
        db.applyStatus = "pending-reboot";
        db.pendingModifiedValuesXml = "<DBInstanceClass>db.r6g.large</DBInstanceClass>"
                + "<MasterUserPassword>hunter2-secret</MasterUserPassword>";
        Map<String, Object> event = deploy("instance", "orders-db", false);

        assertThatThrownBy(() -> pollUntilComplete(event))
                .hasMessageContaining("not rebooting")
                .hasMessageContaining("DB instance orders-db [DBInstanceClass=db.r6g.large, MasterUserPassword "
                        + "(a new value)]")
                .hasMessageContaining("applyOtherPendingChanges(true)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThat(rds.reboots()).isEmpty();
        assertThat(context.log()).doesNotContain("hunter2");
    }

    @Test
    void aBlockedWriterStopsTheClusterBeforeAnyReaderIsRebooted() {
        FakeRdsDatabases.Instance writer = rds.instance("orders-1", true);
        writer.applyStatus = "pending-reboot";
        writer.pendingModifiedValuesXml = "<EngineVersion>16.4</EngineVersion>";
        rds.instance("orders-2", false).applyStatus = "pending-reboot";
        rds.cluster("orders");
        Map<String, Object> event = deploy("cluster", "orders", false);

        assertThatThrownBy(() -> pollUntilComplete(event))
                .hasMessageContaining("DB instance orders-1 [EngineVersion=16.4]");
        assertThat(rds.reboots()).isEmpty();
    }

    @Test
    void applyOtherPendingChangesLetsTheRebootGoAhead() {
        FakeRdsDatabases.Instance db = rds.instance("orders-db", true);
        db.applyStatus = "pending-reboot";
        db.pendingModifiedValuesXml = "<DBInstanceClass>db.r6g.large</DBInstanceClass>";
        Map<String, Object> event = deploy("instance", "orders-db", true);

        pollUntilComplete(event);

        assertThat(rds.reboots()).containsExactly("orders-db");
    }

    @Test
    void theHandlerKeepsNothingBetweenPolls() {
        FakeRdsDatabases.Instance db = rds.instance("orders-db", true);
        db.applyStatus = "pending-reboot";
        db.keepsPendingReboot = true;
        Map<String, Object> event = deploy("instance", "orders-db", false);
        DatabaseSettingsHandler oneContainer = freshContainer();
        List<String> outcomes = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            try {
                outcomes.add(String.valueOf(oneContainer.isComplete(event, context).get("IsComplete")));
            } catch (IllegalStateException e) {
                outcomes.add("failed");
            }
        }

        assertThat(outcomes).containsExactly("false", "false", "failed", "failed", "failed");
        assertThat(rds.reboots()).containsExactly("orders-db");
    }
}
