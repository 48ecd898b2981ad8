package io.github.rdsiamreplication.sample;

import software.amazon.awscdk.App;

/** The sample CDK app: {@code cdk synth} from the repository root runs this. */
public final class SampleApp {
    private SampleApp() {
    }

    /**
     * Builds the app and synthesizes it (into {@code CDK_OUTDIR} when the CDK CLI runs it).
     *
     * @param args unused
     */
    public static void main(String[] args) {
        App app = new App();
        new ReplicationStack(app, "RdsIamReplicationSample");
        app.synth();
    }
}
