package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.testfixtures.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A supplied bundle is checked when it is read: PEM certificates only, at least one, each parsing. */
class CaBundleTest {
    private static TestCa ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCa() {
        ca = TestCa.create();
    }

    @Test
    void pemTextWithCommentsIsReadAndWrittenBackAsTheCertificatesAlone() throws Exception {
        CaBundle bundle = CaBundle.fromPem("# my CA\nsubject=CN = Test CA\n" + ca.caPem(), "the caBundle option");

        assertThat(bundle.certificates()).hasSize(1);
        assertThat(bundle.certificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=Test CA");
        assertThat(bundle.source()).isEqualTo("the caBundle option");
        assertThat(bundle.pem()).startsWith("-----BEGIN CERTIFICATE-----\n").doesNotContain("my CA");
        assertThat(bundle.file()).isSameAs(bundle.file());
        assertThat(Files.readString(bundle.file())).isEqualTo(bundle.pem());
        assertThat(Files.getPosixFilePermissions(bundle.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(bundle.rdsRegions()).as("no Amazon RDS root in it").isEmpty();
    }

    @Test
    void aBundleFromAFileIsHandedToPgjdbcAsThatFileSoAReplacementIsReadAtTheNextConnect() {
        CaBundle bundle = CaBundle.fromFile(ca.caCertificate());

        assertThat(bundle.file()).isEqualTo(ca.caCertificate());
        assertThat(bundle.source()).contains(ca.caCertificate().toString());
    }

    @Test
    void textThatIsNotPemIsRefused() {
        assertThatThrownBy(() -> CaBundle.fromPem("MIIDQTCCAimgAwIBAgITBmyfz5m", "the caBundle option"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the caBundle option is not PEM: it has no -----BEGIN CERTIFICATE----- block")
                .hasMessageContaining("give PEM text of CA certificates");
        assertThatThrownBy(() -> CaBundle.fromPem("  \n", "the caBundle option")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> CaBundle.fromPem(null, "the caBundle option")).hasMessageContaining("is empty");
    }

    @Test
    void aPrivateKeyOrAnotherKindOfBlockIsRefused() {
        String key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> CaBundle.fromPem(ca.caPem() + key, "the caBundle option"))
                .hasMessageStartingWith("the caBundle option holds a PRIVATE KEY block (block 2)")
                .hasMessageContaining("certificates only")
                .message().doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    }

    @Test
    void aBlockThatDoesNotParseOrIsCutShortIsRefused() {
        assertThatThrownBy(() -> CaBundle.fromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "the caBundle option")).hasMessageStartingWith("the caBundle option: certificate 1 does not parse");
        String cut = ca.caPem() + ca.caPem().substring(0, 200);
        assertThatThrownBy(() -> CaBundle.fromPem(cut, "the caBundle option"))
                .hasMessageContaining("-----BEGIN line without its matching -----END line");
    }

    @Test
    void aFileThatCannotBeReadOrIsNotPemIsRefusedNamingIt() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> CaBundle.fromFile(missing))
                .hasMessageContaining("the CA bundle file " + missing + " cannot be read");
        Path der = dir.resolve("ca.der");
        Files.write(der, new byte[] {0x30, (byte) 0x82, 0x03, 0x41, 0x30, (byte) 0x82});
        assertThatThrownBy(() -> CaBundle.fromFile(der))
                .hasMessageContaining("the CA bundle file " + der + " is not PEM");
    }

    @Test
    void textLargerThanAnyCaBundleIsRefusedBeforeItIsParsed() {
        String huge = "#".repeat(CaBundle.MAX_CHARACTERS + 1);
        assertThatThrownBy(() -> CaBundle.fromPem(huge, "the caBundle option"))
                .hasMessageContaining("more than the " + CaBundle.MAX_CHARACTERS);
    }
}
