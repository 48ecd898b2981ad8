package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The RDS CA bundle carried in the jar: parseable, made of CA certificates, none expired, its regions known. */
class RdsCaBundleTest {
    private static List<X509Certificate> certificates() {
        return RdsCaBundle.bundle().certificates();
    }

    @Test
    void everyCertificateParsesAndIsARdsCa() {
        List<X509Certificate> certs = certificates();

        assertThat(certs).hasSizeGreaterThan(20);
        assertThat(certs).allSatisfy(c -> {
            assertThat(c.getSubjectX500Principal().getName()).contains("Amazon RDS");
            assertThat(c.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
        });
    }

    @Test
    void noCertificateHasExpired() {
        Date now = new Date();
        List<String> expired = certificates().stream().filter(c -> c.getNotAfter().before(now))
                .map(c -> c.getSubjectX500Principal().getName() + " expired " + c.getNotAfter())
                .collect(Collectors.toList());

        assertThat(expired).as("run contract/scripts/update-rds-ca-bundle.sh").isEmpty();
    }

    @Test
    void theBundleIsWrittenToOneFileForPgjdbc() throws Exception {
        assertThat(RdsCaBundle.file()).isSameAs(RdsCaBundle.file());
        assertThat(java.nio.file.Files.readString(RdsCaBundle.file())).contains("BEGIN CERTIFICATE");
    }

    /**
     * The regions come from the certificates' own subjects: each region's three roots (RSA2048, RSA4096,
     * ECC384) are there, and AWS's Beta and Preview roots name no region.
     */
    @Test
    void theRegionsAreThoseWhoseRootsTheBundleHolds() throws Exception {
        String text;
        try (InputStream in = RdsCaBundle.open()) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        SortedSet<String> fromComments = new TreeSet<>();
        Matcher m = Pattern.compile("CN=Amazon RDS ([a-z0-9-]+) Root CA RSA2048 G1,").matcher(text);
        while (m.find()) {
            fromComments.add(m.group(1));
        }

        assertThat(RdsCaBundle.regions()).isEqualTo(fromComments).contains("eu-west-1", "us-east-1", "ap-southeast-4")
                .hasSizeGreaterThanOrEqualTo(27).noneMatch(r -> r.contains("Beta") || r.contains("Preview"));
        for (String region : RdsCaBundle.regions()) {
            assertThat(certificates().stream().map(c -> c.getSubjectX500Principal().getName())
                    .filter(s -> s.contains("CN=Amazon RDS " + region + " Root CA "))).as(region).hasSize(3);
        }
        assertThat(RdsCaBundle.covers("eu-west-1")).isTrue();
        assertThat(RdsCaBundle.covers("eu-west-9")).isFalse();
    }
}
