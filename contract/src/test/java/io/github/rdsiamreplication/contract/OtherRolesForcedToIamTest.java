package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.OtherRolesForcedToIam.Group;
import io.github.rdsiamreplication.contract.OtherRolesForcedToIam.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherRolesForcedToIamTest {
    private static final OtherRolesForcedToIam NONE =
            new OtherRolesForcedToIam(true, "postgres", false, true, List.of(), List.of(), List.of());

    private static OtherRolesForcedToIam forced(List<String> roles, List<Group> groups, List<Session> sessions) {
        return new OtherRolesForcedToIam(true, "postgres", false, true, roles, groups, sessions);
    }

    @Test
    void nothingForcedSaysSoWithoutAWarning() {
        assertThat(NONE.needsAttention()).isFalse();
        assertThat(NONE.logLine()).startsWith("other roles forced to IAM for replication: none");
        assertThat(NONE.toData()).containsEntry(OtherRolesForcedToIam.CHECKED, "true")
                .containsEntry(OtherRolesForcedToIam.ADMIN_IN_RDS_IAM, "false")
                .containsEntry(OtherRolesForcedToIam.OTHER_ROLES, "")
                .containsEntry(OtherRolesForcedToIam.OPEN_SESSIONS, "");
    }

    @Test
    void notCheckedIsToldApartFromNoneFound() {
        OtherRolesForcedToIam skipped = OtherRolesForcedToIam.notChecked();

        assertThat(skipped.needsAttention()).isFalse();
        assertThat(skipped.toData()).containsEntry(OtherRolesForcedToIam.CHECKED, "false")
                .containsEntry(OtherRolesForcedToIam.ADMIN_IN_RDS_IAM, SettingsInEffect.UNKNOWN);
        assertThat(skipped.logLine()).contains("not checked").contains("OtherRolesPolicy ignore");
    }

    @Test
    void theWarningNamesRolesGroupsSessionsAndTheRemedy() {
        OtherRolesForcedToIam report = forced(List.of("legacy_cdc"), List.of(new Group("cdc_group", List.of("alice"))),
                List.of(new Session("legacy_cdc", "debezium-orders", "10.0.1.5", 4242, "orders_slot")));

        assertThat(report.logLine()).startsWith("warning: 2 role(s) outside the replication users")
                .contains("legacy_cdc,cdc_group (login members: alice).")
                .contains("legacy_cdc from 10.0.1.5 as 'debezium-orders' on slot orders_slot (pid 4242)")
                .contains("its next login with a password is refused")
                .contains("move its replication clients to IAM tokens").contains("REVOKE rds_iam FROM <role>");
        assertThat(report.failureMessage()).startsWith("OtherRolesPolicy is fail, and 2 role(s)")
                .contains("legacy_cdc").contains("nothing was applied").contains("set the policy to warn");
    }

    @Test
    void anAdminInRdsIamAloneIsAWarningAndAFailureWithoutTheRolesRemedy() {
        OtherRolesForcedToIam admin = new OtherRolesForcedToIam(true, "postgres", true, true, List.of(), List.of(),
                List.of());

        assertThat(admin.needsAttention()).isTrue();
        assertThat(admin.logLine()).startsWith("warning: the admin user 'postgres' is a member of rds_iam")
                .endsWith("now.").doesNotContain("Remedy, per role");
        assertThat(admin.failureMessage()).contains("nothing was applied").doesNotContain("Remedy, per role");
    }

    @Test
    void aSessionWithoutAddressSaysWhy() {
        Session local = new Session("legacy_cdc", "", null, 7, null);

        assertThat(forced(List.of("legacy_cdc"), List.of(), List.of(local)).logLine())
                .contains("legacy_cdc from a local socket as '' (pid 7)");
        assertThat(new OtherRolesForcedToIam(true, "postgres", false, false, List.of("legacy_cdc"), List.of(),
                List.of(local)).logLine()).contains("legacy_cdc from an address the admin may not see");
    }

    @Test
    void afterASwitchThatDidNotHappenNothingChanged() {
        SettingsInEffect pending = new SettingsInEffect("replica", "off", "on", List.of(), List.of());

        assertThat(forced(List.of("legacy_cdc"), List.of(), List.of()).afterSwitchLine(pending, List.of("debezium")))
                .startsWith("after the switch: IAM authentication for replication is not in effect")
                .contains("replication logins are unchanged");
    }

    @Test
    void readyUsersAreThoseWithBothRights() {
        SettingsInEffect settings = new SettingsInEffect("logical", "on", "on", List.of("no_iam"), List.of("no_repl"));

        assertThat(OtherRolesForcedToIam.readyUsers(settings, List.of("a", "no_iam", "b", "no_repl")))
                .containsExactly("a", "b");
        assertThat(NONE.afterSwitchLine(settings, List.of("a")))
                .isEqualTo("after the switch: replication users that now open replication connections with IAM "
                        + "tokens: a; other roles now IAM-only for replication: none");
    }

    /** 500 forced roles with 63-byte names, 100 groups of 50, 500 sessions: the Data stays small. */
    @Test
    void manyLongNamesStayFarUnderTheResponseLimit() {
        List<String> roles = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String name = i % 3 == 0 ? "ü".repeat(28) + "_" + String.format("%04d", i)  // 61 bytes of UTF-8
                    : i % 3 == 1 ? "a,\"quoted\" role with a rather long name of sixty-three bytes" + i
                    : "role_with_a_rather_long_name_of_nearly_sixty_three_bytes_" + i;
            roles.add(name);
            sessions.add(new Session(name, "application-name-of-a-kafka-connect-task-" + "x".repeat(20),
                    "2001:db8:85a3:0000:0000:8a2e:0370:7334", 100_000 + i, "slot_" + name));
            if (i < 100) {
                groups.add(new Group("group_" + name, roles.subList(0, Math.min(50, roles.size()))));
            }
        }
        OtherRolesForcedToIam report = new OtherRolesForcedToIam(true, "postgres", true, true, roles, groups,
                sessions);

        Map<String, Object> data = report.toData();

        assertThat(jsonBytes(data)).isLessThanOrEqualTo(520);
        assertThat(data.get(OtherRolesForcedToIam.OTHER_ROLES).toString()).endsWith(" more)");
        assertThat(data.get(OtherRolesForcedToIam.OPEN_SESSIONS).toString()).endsWith(" more)");
        assertThat(report.logLine().length()).isLessThan(6000);
        assertThat(report.failureMessage().length()).isLessThan(4000);
    }

    /**
     * The whole response the Provider framework sends for the grants resource, with the settings report of 500
     * users, this report of 500 roles, and long ids, stays under CloudFormation's 4096 bytes.
     */
    @Test
    void withTheSettingsReportTheWholeResponseStaysUnderTheLimit() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            names.add("replication_user_with_a_rather_long_name_number_" + i);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(GrantsResource.DATA_USERS, "500");
        data.put(GrantsResource.DATA_STATEMENTS, "1500");
        data.putAll(new SettingsInEffect("replica", "off", "off", names, names).toData());
        List<Session> sessions = new ArrayList<>();
        for (String name : names) {
            sessions.add(new Session(name, "debezium-" + name, "10.100.200.250", 123456, "slot_" + name));
        }
        data.putAll(new OtherRolesForcedToIam(true, "postgres", true, true, names, List.of(), sessions).toData());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Status", "SUCCESS");
        response.put("Reason", "See the details in CloudWatch Log Stream: 2026/12/07/[$LATEST]" + "0".repeat(32));
        response.put("PhysicalResourceId", "rds-iam-replication:orders-database-instance-1.c9akciq32.eu-central-1"
                + ".rds.amazonaws.com:5432:" + "f".repeat(64));
        response.put("StackId", "arn:aws:cloudformation:eu-central-1:123456789012:stack/orders-database-stack/"
                + "1c2b3a40-0000-11ef-0000-000000000000");
        response.put("RequestId", "8c2f2bd6-6ad9-4a48-a1f1-3c3e4b5c6d7e");
        response.put("LogicalResourceId", "ReplicationAuthGrantsResourceWithAFairlyLongConstructPathABCDEF12");
        response.put("NoEcho", "false");
        response.put("Data", data);

        int bytes = jsonBytes(response);
        assertThat(bytes).isLessThan(4096 - 300);
        OtherRolesForcedToIam others = new OtherRolesForcedToIam(true, "postgres", true, true, names, List.of(),
                sessions);
        System.out.printf("whole response %d bytes, of which the other-roles keys %d%n", bytes,
                jsonBytes(others.toData()));
    }

    @Test
    void thePolicyIsParsedStrictlyWithWarnAsDefault() {
        assertThat(OtherRolesPolicy.fromPropertyValue(null)).isEqualTo(OtherRolesPolicy.WARN);
        assertThat(OtherRolesPolicy.fromPropertyValue(" ")).isEqualTo(OtherRolesPolicy.DEFAULT);
        assertThat(OtherRolesPolicy.fromPropertyValue("fail")).isEqualTo(OtherRolesPolicy.FAIL);
        assertThat(OtherRolesPolicy.fromPropertyValue("ignore")).isEqualTo(OtherRolesPolicy.IGNORE);
        assertThatThrownBy(() -> OtherRolesPolicy.fromPropertyValue("FAIL"))
                .hasMessage("OtherRolesPolicy is 'FAIL'; use one of warn, fail, ignore");
    }

    @Test
    void listsAreCutOnBytesAndNamesMadePrintable() {
        assertThat(DataLists.joinCapped(List.of("abc", "def", "ghi"), 100)).isEqualTo("abc,def,ghi");
        assertThat(DataLists.joinCapped(List.of("abc", "def", "ghi"), 18)).isEqualTo("abc,...(+2 more)");
        assertThat(DataLists.joinCapped(List.of("abcdefghijklmnopqrstuvwxyz"), 10)).isEqualTo("...(+1 more)");
        assertThat(DataLists.joinCapped(List.of("a\nb", "c\u2028d", "e,f", "\u202egnp.exe"), 100))
                .isEqualTo("a\\u000ab,c\\u2028d,\"e,f\",\\u202egnp.exe");
        assertThat(DataLists.jsonBytes("aü€😀\"\n")).isEqualTo(1 + 2 + 3 + 4 + 2 + 6);
    }

    /** Size of a map of strings and maps as a JSON object, as {@code JSON.stringify} writes it. */
    @SuppressWarnings("unchecked")
    private static int jsonBytes(Map<String, Object> map) {
        int bytes = 2 + Math.max(0, map.size() - 1);
        for (Map.Entry<String, Object> e : map.entrySet()) {
            bytes += DataLists.jsonBytes(e.getKey()) + 3;
            bytes += e.getValue() instanceof Map ? jsonBytes((Map<String, Object>) e.getValue())
                    : DataLists.jsonBytes(e.getValue().toString()) + 2;
        }
        return bytes;
    }
}
