package io.github.rdsiamreplication.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.rdsiamreplication.sample.ReplicationStack;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AWS Solutions rules over the sample stack: no unsuppressed error, and every suppression has a reason. */
class CdkNagTest {
    @Test
    void theSampleStackHasNoUnsuppressedAwsSolutionsErrors() {
        App app = new App();
        ReplicationStack stack = new ReplicationStack(app, "RdsIamReplicationSample");
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

        List<SynthesisMessage> errors = Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).collect(Collectors.toList()))
                .isEmpty();
    }
}
