package io.github.rdsiamreplication.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The role-grant handler's shaded jar, carried inside this library as a classpath resource and
 * written to a file (named by its SHA-256) the first time a synth needs it as a Lambda asset.
 * The asset hash depends only on the jar's bytes, which the build makes reproducible.
 */
final class HandlerJar {
    static final String RESOURCE = "/io/github/rdsiamreplication/cdk/handler/role-grant-handler.jar";
    /** The Lambda handler inside the jar. */
    static final String HANDLER = "io.github.rdsiamreplication.grant.RoleGrantHandler::handleRequest";

    private static Path path;

    private HandlerJar() {
    }

    /** @return a file holding the jar */
    static synchronized Path file() {
        if (path != null && Files.isRegularFile(path)) {
            return path;
        }
        try (InputStream in = HandlerJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the handler jar " + RESOURCE + " is missing from the "
                        + "rds-iam-replication constructs artifact; rebuild it with `mvn package` from the repository root");
            }
            byte[] bytes = in.readAllBytes();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "rds-iam-replication-handler-" + sha);
            Path jar = dir.resolve("role-grant-handler.jar");
            if (!Files.isRegularFile(jar) || Files.size(jar) != bytes.length) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "handler", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            path = jar;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the handler jar to a temporary file", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
