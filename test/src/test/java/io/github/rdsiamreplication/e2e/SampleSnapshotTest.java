package io.github.rdsiamreplication.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rdsiamreplication.sample.ReplicationStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The sample app's template, synthesized with cdk.json's feature flags as {@code cdk synth} does, compared
 * byte for byte with the committed snapshot. It holds the
 * handler jar's asset hash, so it also proves that a clean build reproduces the jar exactly.
 * Regenerate after an intended change with {@code mvn verify -DupdateSnapshots=true}.
 */
class SampleSnapshotTest {
    private static final Path SNAPSHOTS = Path.of(System.getProperty("snapshotDir", "src/test/resources/snapshots"));

    @Test
    void theSampleTemplateMatchesTheSnapshot() throws Exception {
        App app = CdkJsonContext.app();
        ReplicationStack stack = new ReplicationStack(app, "RdsIamReplicationSample");
        String actual = prettyJson(Template.fromStack(stack).toJSON());
        Path snapshot = SNAPSHOTS.resolve("RdsIamReplicationSample.template.json");

        if (Boolean.getBoolean("updateSnapshots")) {
            Files.createDirectories(SNAPSHOTS);
            Files.writeString(snapshot, actual, StandardCharsets.UTF_8);
        }
        assertThat(snapshot).as("snapshot file; create it with mvn verify -DupdateSnapshots=true").exists();
        String expected = Files.readString(snapshot, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            Path written = Path.of("target", "snapshot-actual", snapshot.getFileName().toString());
            Files.createDirectories(written.getParent());
            Files.writeString(written, actual, StandardCharsets.UTF_8);
            throw new AssertionError("the sample template differs from " + snapshot + "; the new one is in "
                    + written.toAbsolutePath() + " (diff them). If the change is intended, run "
                    + "mvn -B verify -DupdateSnapshots=true and commit the new snapshot.");
        }
    }

    @Test
    void twoSynthesesInOneBuildGiveTheSameTemplate() throws Exception {
        String first = prettyJson(Template.fromStack(new ReplicationStack(CdkJsonContext.app(), "RdsIamReplicationSample")).toJSON());
        String second = prettyJson(Template.fromStack(new ReplicationStack(CdkJsonContext.app(), "RdsIamReplicationSample")).toJSON());
        assertThat(second).isEqualTo(first);
    }

    static String prettyJson(Object value) throws Exception {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(
                new DefaultIndenter("  ", "\n"));
        return new ObjectMapper().writer(printer).writeValueAsString(value) + "\n";
    }
}
