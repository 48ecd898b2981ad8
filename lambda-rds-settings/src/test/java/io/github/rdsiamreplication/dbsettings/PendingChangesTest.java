package io.github.rdsiamreplication.dbsettings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.PendingCloudwatchLogsExports;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

/** Which pending modifications block a reboot, and how they are named. */
class PendingChangesTest {
    @Test
    void nothingPendingAndEmptyElementsAreNoChange() {
        assertThat(PendingChanges.of(null)).isEmpty();
        assertThat(PendingChanges.of(PendingModifiedValues.builder().build())).isEmpty();
        assertThat(PendingChanges.of(PendingModifiedValues.builder()
                .pendingCloudwatchLogsExports(PendingCloudwatchLogsExports.builder().build()).build())).isEmpty();
    }

    @Test
    void ourOwnIamSwitchIsNotListedButSwitchingItOffIs() {
        assertThat(PendingChanges.of(PendingModifiedValues.builder().iamDatabaseAuthenticationEnabled(true).build()))
                .isEmpty();
        assertThat(PendingChanges.of(PendingModifiedValues.builder().iamDatabaseAuthenticationEnabled(false).build()))
                .containsExactly("IAMDatabaseAuthenticationEnabled=false");
    }

    @Test
    void otherChangesAreListedAndAPasswordIsNamedWithoutItsValue() {
        assertThat(PendingChanges.of(PendingModifiedValues.builder().dbInstanceClass("db.r6g.large")
                .allocatedStorage(400).engineVersion("16.4").masterUserPassword("s3cret-value").build()))
                .containsExactlyInAnyOrder("DBInstanceClass=db.r6g.large", "AllocatedStorage=400",
                        "EngineVersion=16.4", "MasterUserPassword (a new value)")
                .noneMatch(c -> c.contains("s3cret"));
    }
}
