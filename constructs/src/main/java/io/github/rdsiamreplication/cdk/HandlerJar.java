package io.github.rdsiamreplication.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers' shaded jars, carried inside this library as classpath resources and written, the first
 * time a synth needs one as a Lambda asset, to a directory of this JVM's own (created afresh, readable
 * only by its user): a file left by someone else under a guessable name is never picked up, and nothing
 * is hashed here. The asset hash the CDK computes depends only on the jar's bytes, which the build makes
 * reproducible, not on where the file is.
 */
enum HandlerJar {
    /** Grants rds_iam and rds_replication inside the database. */
    ROLE_GRANT("role-grant-handler.jar", "io.github.rdsiamreplication.grant.RoleGrantHandler::handleRequest"),
    /** Sets parameters in parameter groups made outside the stack, through the RDS API. */
    PARAMETER_GROUPS("rds-settings-handlers.jar",
            "io.github.rdsiamreplication.paramgroup.ParameterGroupHandler::handleRequest"),
    /** Switches IAM database authentication on for databases made outside the stack (onEvent). */
    DATABASE_SETTINGS("rds-settings-handlers.jar",
            "io.github.rdsiamreplication.dbsettings.DatabaseSettingsHandler::handleRequest"),
    /** Waits for the database and reboots it when asked (isComplete). */
    DATABASE_SETTINGS_POLL("rds-settings-handlers.jar",
            "io.github.rdsiamreplication.dbsettings.DatabaseSettingsCompletion::handleRequest"),
    /** Logs in for replication with an IAM token (the opt-in login check). */
    LOGIN_CHECK("rds-settings-handlers.jar", "io.github.rdsiamreplication.logincheck.LoginCheckHandler::handleRequest");

    private static final String FOLDER = "/io/github/rdsiamreplication/cdk/handler/";
    /** Written files by resource: several handlers share one jar, which is written once per JVM. */
    private static final Map<String, Path> FILES = new ConcurrentHashMap<>();

    private final String resource;
    private final String handler;

    HandlerJar(String fileName, String handler) {
        this.resource = FOLDER + fileName;
        this.handler = handler;
    }

    /** @return the Lambda handler inside the jar */
    String handler() {
        return handler;
    }

    /** @return a file holding the jar */
    Path file() {
        return FILES.compute(resource, (key, written) -> written != null && Files.isRegularFile(written) ? written
                : write(key));
    }

    private static Path write(String resource) {
        try (InputStream in = HandlerJar.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the handler jar " + resource + " is missing from the "
                        + "rds-iam-replication constructs artifact; rebuild it with `mvn package` from the repository root");
            }
            Path dir = Files.createTempDirectory("rds-iam-replication-handlers");
            dir.toFile().deleteOnExit();
            Path jar = dir.resolve(resource.substring(FOLDER.length()));
            Files.copy(in, jar);
            jar.toFile().deleteOnExit();
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the handler jar to a temporary file", e);
        }
    }
}
