package io.github.rdsiamreplication.sample;

import software.amazon.awscdk.App;

/**
 * The sample CDK app: {@code cdk synth} (and {@code cdk deploy}, {@code cdk destroy}) from the repository
 * root run this. {@code -c variant=matrix} adds every other kind of database ({@link SampleSettings}).
 */
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
        new ReplicationStack(app, ReplicationStack.STACK_NAME, SampleSettings.fromContext(app.getNode()));
        app.synth();
    }
}
