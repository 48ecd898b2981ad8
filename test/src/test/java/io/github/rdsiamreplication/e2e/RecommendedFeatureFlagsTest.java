package io.github.rdsiamreplication.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * cdk.json sets every feature flag that a new {@code cdk init} app gets for the pinned aws-cdk-lib: the
 * library's own {@code recommended-feature-flags.json}, read from the jsii assembly inside the aws-cdk-lib
 * jar. Fails when the CDK pin moves and cdk.json is not refreshed (CONTRIBUTING.md, Feature flags).
 */
class RecommendedFeatureFlagsTest {
    private static final String CDK_VERSION = System.getProperty("cdkVersion", "2.263.0");
    private static final String RECOMMENDED = "package/recommended-feature-flags.json";

    @Test
    void cdkJsonCarriesTheRecommendedFlagsOfThePinnedCdk() throws IOException {
        Map<String, Object> recommended = recommendedFlags();

        assertThat(recommended).as("flags in " + RECOMMENDED + " of aws-cdk-lib " + CDK_VERSION).hasSizeGreaterThan(50);
        assertThat(CdkJsonContext.context()).containsAllEntriesOf(recommended);
    }

    private static Map<String, Object> recommendedFlags() throws IOException {
        String assembly = "software/amazon/awscdk/aws-cdk-lib@" + CDK_VERSION + ".jsii.tgz";
        try (InputStream tgz = RecommendedFeatureFlagsTest.class.getClassLoader().getResourceAsStream(assembly)) {
            assertThat(tgz).as(assembly + " on the test class path").isNotNull();
            byte[] json = tarEntry(new GZIPInputStream(tgz, 1 << 16), RECOMMENDED);
            return new ObjectMapper().readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        }
    }

    /** The content of one entry of a tar stream (names under 100 characters, as npm packs them). */
    private static byte[] tarEntry(InputStream tar, String name) throws IOException {
        byte[] header = new byte[512];
        while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
            long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
            if (entry.equals(name)) {
                return tar.readNBytes((int) size);
            }
            tar.skipNBytes((size + 511) / 512 * 512);
        }
        throw new AssertionError(name + " not found in the aws-cdk-lib assembly");
    }
}
