package io.github.rdsiamreplication.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The Amazon RDS CA certificates carried in the jar ({@code rds-ca-bundle.pem}, written by
 * {@code scripts/update-rds-ca-bundle.sh}). pgjdbc reads root certificates from a file, so the bundle is
 * copied to a temporary file once per JVM.
 */
public final class RdsCaBundle {
    /** Classpath location of the bundle. */
    public static final String RESOURCE = "/io/github/rdsiamreplication/contract/rds-ca-bundle.pem";

    private static Path file;

    private RdsCaBundle() {
    }

    /** @return an open stream over the bundle's PEM text */
    public static InputStream open() {
        InputStream in = RdsCaBundle.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the RDS CA bundle " + RESOURCE + " is missing from the classpath (rds-iam-replication-contract jar)");
        }
        return in;
    }

    /** @return a file holding the bundle, for pgjdbc's {@code sslrootcert} */
    public static synchronized Path file() {
        if (file == null) {
            try (InputStream in = open()) {
                Path tmp = Files.createTempFile("rds-ca-bundle", ".pem");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                tmp.toFile().deleteOnExit();
                file = tmp;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the RDS CA bundle to a temporary file", e);
            }
        }
        return file;
    }
}
