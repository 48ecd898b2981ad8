package io.github.rdsiamreplication.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry points of the one handler jar every function of the library runs: the jar is carried inside
 * this library as a classpath resource and written, the first time a synth needs it as a Lambda asset, to a
 * directory of this JVM's own (created afresh, readable only by its user): a file left by someone else under
 * a guessable name is never picked up, and nothing is hashed here. Every function points at the same file,
 * so a stack has one Lambda code asset; the asset hash the CDK computes depends only on the jar's bytes,
 * which the build makes reproducible, not on where the file is. Each function still has its own role.
 */
enum HandlerJar {
    /** Grants rds_iam and rds_replication inside the database. */
    ROLE_GRANT("io.github.rdsiamreplication.grant.RoleGrantHandler::handleRequest"),
    /** Sets parameters in parameter groups made outside the stack, through the RDS API. */
    PARAMETER_GROUPS("io.github.rdsiamreplication.paramgroup.ParameterGroupHandler::handleRequest"),
    /** Switches IAM database authentication on for databases made outside the stack (onEvent). */
    DATABASE_SETTINGS("io.github.rdsiamreplication.dbsettings.DatabaseSettingsHandler::handleRequest"),
    /** Waits for the database and reboots it when asked (isComplete). */
    DATABASE_SETTINGS_POLL("io.github.rdsiamreplication.dbsettings.DatabaseSettingsCompletion::handleRequest"),
    /** Logs in for replication with an IAM token (the opt-in login check). */
    LOGIN_CHECK("io.github.rdsiamreplication.logincheck.LoginCheckHandler::handleRequest");

    private static final String RESOURCE = "/io/github/rdsiamreplication/cdk/handler/handlers.jar";
    /** The jar written for this JVM; null until a synth first needs it. */
    private static Path written;

    private final String handler;

    HandlerJar(String handler) {
        this.handler = handler;
    }

    /** @return the Lambda handler inside the jar */
    String handler() {
        return handler;
    }

    /** @return a file holding the jar (the same file for every entry point) */
    Path file() {
        synchronized (HandlerJar.class) {
            if (written == null || !Files.isRegularFile(written)) {
                written = write();
            }
            return written;
        }
    }

    private static Path write() {
        try (InputStream in = HandlerJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the handler jar " + RESOURCE + " is missing from the "
                        + "rds-iam-replication constructs artifact; rebuild it with `mvn package` from the repository root");
            }
            Path dir = Files.createTempDirectory("rds-iam-replication-handlers");
            dir.toFile().deleteOnExit();
            Path jar = dir.resolve("handlers.jar");
            Files.copy(in, jar);
            jar.toFile().deleteOnExit();
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the handler jar to a temporary file", e);
        }
    }
}
