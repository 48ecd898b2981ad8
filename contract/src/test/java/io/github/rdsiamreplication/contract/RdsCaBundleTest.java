package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The RDS CA bundle carried in the jar: parseable, made of CA certificates, none expired. */
class RdsCaBundleTest {
    private static List<X509Certificate> certificates() throws Exception {
        try (InputStream in = RdsCaBundle.open()) {
            Collection<? extends java.security.cert.Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            return all.stream().map(X509Certificate.class::cast).collect(Collectors.toList());
        }
    }

    @Test
    void everyCertificateParsesAndIsARdsCa() throws Exception {
        List<X509Certificate> certs = certificates();

        assertThat(certs).hasSizeGreaterThan(20);
        assertThat(certs).allSatisfy(c -> {
            assertThat(c.getSubjectX500Principal().getName()).contains("Amazon RDS");
            assertThat(c.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
        });
    }

    @Test
    void noCertificateHasExpired() throws Exception {
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
}
