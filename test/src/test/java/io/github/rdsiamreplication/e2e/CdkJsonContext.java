package io.github.rdsiamreplication.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The {@code context} of the repository's {@code cdk.json} (the feature flags), handed to an {@link App} the
 * way {@code cdk synth} hands it to the sample app, so a test synthesizes what users get. A plain
 * {@code new App()} reads no {@code cdk.json}.
 */
final class CdkJsonContext {
    private static final Path CDK_JSON = Path.of(System.getProperty("cdkJson", "../cdk.json"));

    private CdkJsonContext() {
    }

    /** @return a new app carrying cdk.json's context */
    static App app() {
        return new App(AppProps.builder().context(context()).build());
    }

    /**
     * @param extra context given on the command line ({@code -c key=value}), over cdk.json's
     * @param outdir where {@code app.synth()} writes the cloud assembly
     * @return a new app carrying both
     */
    static App app(Map<String, Object> extra, Path outdir) {
        Map<String, Object> context = new LinkedHashMap<>(context());
        context.putAll(extra);
        return new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
    }

    /** @return cdk.json's context, in file order */
    static Map<String, Object> context() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(CDK_JSON.toFile(),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            Object context = cdkJson.get("context");
            if (!(context instanceof Map)) {
                throw new IllegalStateException(CDK_JSON.toAbsolutePath() + " has no \"context\" object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> flags = (Map<String, Object>) context;
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CDK_JSON.toAbsolutePath(), e);
        }
    }
}
