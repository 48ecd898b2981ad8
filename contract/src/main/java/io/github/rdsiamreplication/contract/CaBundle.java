package io.github.rdsiamreplication.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificates a {@code verify-full} connection trusts: PEM text checked when it is read, so that a
 * bundle that is not PEM, holds no certificate, holds something else (a private key) or a block that
 * does not parse is refused with a message naming where it came from, before any connection is tried.
 * The embedded Amazon RDS bundle is one ({@link RdsCaBundle#bundle()}); a user's own comes from text
 * ({@link #fromPem}) or a file ({@link #fromFile}).
 *
 * <p>pgjdbc reads its root certificates from a file ({@code sslrootcert}): {@link #file()} is the user's
 * own file for a bundle read from one (so a file replaced in place is read again at the next connect),
 * otherwise a temporary file written once, readable by the owner only.
 */
public final class CaBundle {
    /** Largest bundle accepted: AWS's global bundle of every region is about 160 KB. */
    static final int MAX_CHARACTERS = 2 * 1024 * 1024;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*+([A-Za-z0-9+/=\\s]*+)-----END \\1-----");
    private static final Pattern RDS_ROOT = Pattern.compile(
            "(?:^|,)CN=Amazon RDS ([a-z]{2}(?:-[a-z]+)+-[0-9]+) Root CA ");

    private final String source;
    private final List<X509Certificate> certificates;
    private final String pem;
    private final Path origin;
    private Path file;

    private CaBundle(String source, List<X509Certificate> certificates, Path origin) {
        this.source = source;
        this.certificates = Collections.unmodifiableList(certificates);
        this.pem = pemOf(certificates);
        this.origin = origin;
    }

    /** The certificates alone, re-encoded: what was checked is exactly what pgjdbc reads. */
    private static String pemOf(List<X509Certificate> certificates) {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
            }
        }
        return out.toString();
    }

    /**
     * @param text PEM text: one or more {@code -----BEGIN CERTIFICATE-----} blocks; lines outside the
     *     blocks (comments such as {@code subject=...}) are ignored
     * @param source where the text came from, for messages, e.g. {@code "the caBundle option"}
     * @return the bundle
     * @throws IllegalArgumentException naming {@code source} when the text is not PEM, holds no
     *     certificate, holds another kind of block, or a block does not parse
     */
    public static CaBundle fromPem(String text, String source) {
        return new CaBundle(source, parse(text, source), null);
    }

    /**
     * @param path a PEM file such as AWS's {@code global-bundle.pem} or a region's bundle
     * @return the bundle; its {@link #file()} is {@code path} itself
     * @throws IllegalArgumentException naming the file when it cannot be read or is not a PEM bundle
     */
    public static CaBundle fromFile(Path path) {
        String source = "the CA bundle file " + path;
        String text;
        try {
            if (Files.size(path) > MAX_CHARACTERS) {
                throw new IllegalArgumentException(source + " is larger than " + MAX_CHARACTERS + " bytes: it is "
                        + "not a CA bundle");
            }
            // Latin-1 reads any byte: comment lines in another encoding do not matter, base64 is ASCII.
            text = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): give a readable PEM file of CA certificates");
        }
        return new CaBundle(source, parse(text, source), path);
    }

    private static List<X509Certificate> parse(String text, String source) {
        String remedy = "; give PEM text of CA certificates, each between -----BEGIN CERTIFICATE----- and "
                + "-----END CERTIFICATE----- (such as AWS's global-bundle.pem or a region's bundle)";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(source + " is empty" + remedy);
        }
        if (text.length() > MAX_CHARACTERS) {
            throw new IllegalArgumentException(source + " has " + text.length() + " characters, more than the "
                    + MAX_CHARACTERS + " a CA bundle may have" + remedy);
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this Java runtime has no X.509 certificate factory", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            if (!"CERTIFICATE".equals(block.group(1))) {
                throw new IllegalArgumentException(source + " holds a " + block.group(1) + " block (block " + blocks
                        + "); a CA bundle holds certificates only" + remedy);
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new IllegalArgumentException(source + ": certificate " + blocks + " does not parse ("
                        + e.getMessage() + ")" + remedy);
            }
        }
        if (blocks == 0) {
            throw new IllegalArgumentException(source + " is not PEM: it has no -----BEGIN CERTIFICATE----- block"
                    + remedy);
        }
        if (count(text, "-----BEGIN") != blocks) {
            throw new IllegalArgumentException(source + " has a -----BEGIN line without its matching -----END line "
                    + "or with characters that are not base64" + remedy);
        }
        return certificates;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    /** @return where the bundle came from, for messages */
    public String source() {
        return source;
    }

    /** @return the certificates, in the bundle's order */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** @return the certificates as PEM text, one block each, without the comments the source may have had */
    public String pem() {
        return pem;
    }

    /**
     * The regions whose Amazon RDS root CA the bundle holds, read from the certificates' subjects
     * ({@code CN=Amazon RDS eu-west-1 Root CA RSA2048 G1} gives {@code eu-west-1}). AWS's test roots
     * ({@code Amazon RDS Beta us-east-1 ...}, {@code Amazon RDS Preview ...}) name no region.
     *
     * @return region names, sorted; empty for a bundle of other CAs
     */
    public SortedSet<String> rdsRegions() {
        SortedSet<String> regions = new TreeSet<>();
        for (X509Certificate certificate : certificates) {
            Matcher m = RDS_ROOT.matcher(certificate.getSubjectX500Principal().getName());
            if (m.find()) {
                regions.add(m.group(1));
            }
        }
        return Collections.unmodifiableSortedSet(regions);
    }

    /**
     * @return a file holding the bundle, for pgjdbc's {@code sslrootcert}: the file it was read from, or
     *     a temporary file (owner-only, removed when the JVM exits) written at the first call
     */
    public synchronized Path file() {
        if (origin != null) {
            return origin;
        }
        if (file == null) {
            try {
                Path tmp = Files.createTempFile("ca-bundle", ".pem");
                Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
                tmp.toFile().deleteOnExit();
                file = tmp;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + source + " to a temporary file for pgjdbc", e);
            }
        }
        return file;
    }

    @Override
    public String toString() {
        return source + " (" + certificates.size() + " certificate(s))";
    }
}
