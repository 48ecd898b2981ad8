package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsInEffectTest {
    private static final SettingsInEffect READY =
            new SettingsInEffect("logical", "on", "on", List.of(), List.of());

    @Test
    void everythingOnIsInEffectWithNoAdvice() {
        assertThat(READY.inEffect()).isTrue();
        assertThat(READY.toData()).containsEntry(SettingsInEffect.IN_EFFECT, "true")
                .containsEntry(SettingsInEffect.ADVICE, "").containsEntry(SettingsInEffect.WAL_LEVEL, "logical");
        assertThat(READY.logLine()).contains("is in effect");
    }

    @Test
    void aPendingRebootSaysReboot() {
        SettingsInEffect pending = new SettingsInEffect("replica", "off", "on", List.of(), List.of());

        assertThat(pending.inEffect()).isFalse();
        assertThat(pending.toData().get(SettingsInEffect.ADVICE).toString()).contains("waits for a reboot")
                .contains("RebootPolicy.IF_PENDING");
        assertThat(pending.loginDiagnosis("debezium")).contains("waits for a reboot");
    }

    @Test
    void iamAuthNotYetAppliedSaysWait() {
        SettingsInEffect applying = new SettingsInEffect("logical", "on", "off", List.of(), List.of());

        assertThat(applying.problems()).singleElement().asString().contains("still being applied");
        assertThat(new SettingsInEffect("logical", "on", SettingsInEffect.ABSENT, List.of(), List.of()).problems())
                .singleElement().asString().contains("engine version");
    }

    @Test
    void theDiagnosisNamesTheUserOnlyWhenItIsThatUserWhoLacksRdsIam() {
        SettingsInEffect oneMissing = new SettingsInEffect("logical", "on", "on", List.of("other"), List.of());

        assertThat(oneMissing.loginDiagnosis("other")).contains("'other' is not a member of rds_iam");
        assertThat(oneMissing.loginDiagnosis("debezium")).doesNotContain("rds_iam (")
                .contains("the token itself was refused").contains("dbuser:{resource-id}/debezium");
    }

    @Test
    void unreadableSettingsAreNotInEffectAndSaySoOnly() {
        SettingsInEffect unknown = SettingsInEffect.unknown();

        assertThat(unknown.inEffect()).isFalse();
        assertThat(unknown.problems()).singleElement().asString().contains("could not be read");
        assertThat(unknown.toData()).containsEntry(SettingsInEffect.WAL_LEVEL, SettingsInEffect.UNKNOWN)
                .containsEntry(SettingsInEffect.IN_EFFECT, "false");
        assertThat(unknown.loginDiagnosis("debezium")).contains("could not be read").doesNotContain("reboot");
    }

    @Test
    void booleanSettingsAreNormalized() {
        assertThat(SettingsInEffect.normalizeSwitch("1")).isEqualTo("on");
        assertThat(SettingsInEffect.normalizeSwitch("OFF")).isEqualTo("off");
        assertThat(SettingsInEffect.normalizeSwitch(null)).isEqualTo(SettingsInEffect.ABSENT);
        assertThat(SettingsInEffect.normalizeSwitch("")).isEqualTo(SettingsInEffect.ABSENT);
    }

    @Test
    void namesWithCommasAndQuotesSurviveTheRoundTrip() {
        SettingsInEffect odd = new SettingsInEffect("logical", "on", "on", List.of("a,b", "say \"hi\"", "plain"),
                List.of("x"));

        SettingsInEffect back = SettingsInEffect.fromData(odd.toData());

        assertThat(back).isEqualTo(odd);
        assertThat(back.loginDiagnosis("a,b")).contains("'a,b' is not a member of rds_iam");
        assertThat(back.loginDiagnosis("a")).doesNotContain("'a' is not a member");
    }

    @Test
    void manyLongNamesStayUnderTheResponseLimit() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            names.add("replication_user_with_a_rather_long_name_number_" + i);
        }
        SettingsInEffect many = new SettingsInEffect("replica", "off", "off", names, names);

        Map<String, Object> data = many.toData();
        int bytes = data.toString().getBytes(StandardCharsets.UTF_8).length;

        assertThat(bytes).isLessThan(3000);
        assertThat(data.get(SettingsInEffect.USERS_WITHOUT_RDS_IAM).toString()).endsWith(" more)");
        assertThat(SettingsInEffect.fromData(data).usersWithoutRdsIam()).hasSizeLessThan(500)
                .allMatch(n -> n.startsWith("replication_user_"));
    }
}
