package io.github.rdsiamreplication.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rdsiamreplication.sample.ReplicationStack;
import io.github.rdsiamreplication.sample.SampleSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The sample app's templates, synthesized with cdk.json's feature flags as {@code cdk synth} does, compared
 * byte for byte with the committed snapshots: the default variant and the matrix
 * ({@code -c variant=matrix -c snapshotIdentifier=...}). They hold the handler jars' asset hashes, so they
 * also prove that a clean build reproduces the jars exactly.
 * Regenerate after an intended change with {@code mvn verify -DupdateSnapshots=true}.
 */
class SampleSnapshotTest {
    private static final Path SNAPSHOTS = Path.of(System.getProperty("snapshotDir", "src/test/resources/snapshots"));
    /** The snapshot the matrix snapshot restores: a name, as a user passes it with -c snapshotIdentifier. */
    static final String SNAPSHOT = "orders-2026-11-01";

    @Test
    void theDefaultTemplateMatchesTheSnapshot() throws Exception {
        assertMatchesSnapshot(SampleSettings.cheapest(), "RdsIamReplicationSample.template.json");
    }

    @Test
    void theMatrixTemplateMatchesTheSnapshot() throws Exception {
        assertMatchesSnapshot(SampleSettings.matrix(SNAPSHOT), "RdsIamReplicationSample-matrix.template.json");
    }

    @Test
    void twoSynthesesInOneBuildGiveTheSameTemplate() throws Exception {
        for (SampleSettings settings : new SampleSettings[] {SampleSettings.cheapest(), SampleSettings.matrix(SNAPSHOT)}) {
            assertThat(template(settings)).as(settings.variant().contextValue()).isEqualTo(template(settings));
        }
    }

    private static void assertMatchesSnapshot(SampleSettings settings, String fileName) throws Exception {
        String actual = template(settings);
        Path snapshot = SNAPSHOTS.resolve(fileName);

        if (Boolean.getBoolean("updateSnapshots")) {
            Files.createDirectories(SNAPSHOTS);
            Files.writeString(snapshot, actual, StandardCharsets.UTF_8);
        }
        assertThat(snapshot).as("snapshot file; create it with mvn verify -DupdateSnapshots=true").exists();
        String expected = Files.readString(snapshot, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            Path written = Path.of("target", "snapshot-actual", fileName);
            Files.createDirectories(written.getParent());
            Files.writeString(written, actual, StandardCharsets.UTF_8);
            throw new AssertionError("the sample template differs from " + snapshot + "; the new one is in "
                    + written.toAbsolutePath() + " (diff them). If the change is intended, run "
                    + "mvn -B verify -DupdateSnapshots=true and commit the new snapshot.");
        }
    }

    /** @return the sample stack's template as the snapshot files hold it */
    static String template(SampleSettings settings) throws Exception {
        App app = CdkJsonContext.app();
        return prettyJson(Template.fromStack(new ReplicationStack(app, ReplicationStack.STACK_NAME, settings)).toJSON());
    }

    static String prettyJson(Object value) throws Exception {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(
                new DefaultIndenter("  ", "\n"));
        return new ObjectMapper().writer(printer).writeValueAsString(value) + "\n";
    }
}
