package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.testfixtures.LogicalReplicationServer;
import io.github.rdsiamreplication.testfixtures.TestCa;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one-command check against a real PostgreSQL 16 that serves TLS with a test CA's certificate for
 * {@code localhost} and checks passwords: a token is accepted when it is the role's password, which the
 * test sets (the stand-in for IAM, as in the other tests of this module). What it prints on success, and
 * its diagnosis for each way a login fails; never the token.
 */
class VerifyReplicationLoginTest {
    private static final String USER = "verify_user";
    private static final String NO_REPLICATION = "verify_no_repl";
    private static TestCa ca;
    private static EmbeddedPostgres tls;

    @BeforeAll
    static void server() throws Exception {
        ca = TestCa.create();
        // A logical replication connection matches the database column of pg_hba.conf, not "replication".
        tls = LogicalReplicationServer.configure(ca.postgres(), "local all all trust",
                "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
                "hostssl all all 127.0.0.1/32 scram-sha-256", "hostssl all all ::1/128 scram-sha-256").start();
        sql("CREATE ROLE " + USER + " LOGIN REPLICATION", "CREATE ROLE " + NO_REPLICATION + " LOGIN");
    }

    @AfterAll
    static void stop() throws IOException {
        tls.close();
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = tls.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Makes the token the role's password, as IAM would accept it (roles are the test's own constants). */
    private static String accept(DatabaseEndpoint endpoint, String token) {
        try {
            sql("ALTER ROLE " + endpoint.user() + " PASSWORD '" + token.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return token;
    }

    /** Hands out tokens the server accepts, and remembers them. */
    private static final class AcceptedTokens implements AuthTokenProvider {
        final List<String> handedOut = new ArrayList<>();
        private final AuthTokenProvider signer;

        AcceptedTokens(AuthTokenProvider signer) {
            this.signer = signer;
        }

        @Override
        public String token(DatabaseEndpoint endpoint) {
            String token = accept(endpoint, signer.token(endpoint));
            handedOut.add(token);
            return token;
        }

        @Override
        public void invalidate(DatabaseEndpoint endpoint, String token) {
            signer.invalidate(endpoint, token);
        }
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(Map<String, String> env, Function<DatabaseEndpoint, AuthTokenProvider> tokens,
            String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VerifyReplicationLogin.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tokens);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(String user, String... more) {
        List<String> args = new ArrayList<>(List.of("--host", "localhost", "--port", String.valueOf(tls.getPort()),
                "--user", user, "--region", "eu-west-1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String caBundle() {
        return ca.caCertificate().toString();
    }

    /** The real token signer (the AWS SDK's RdsUtilities through IamAuthTokens) with fixed test credentials. */
    private static IamAuthTokens sdkSigner() {
        return IamAuthTokens.builder().credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))).build();
    }

    @Test
    void aTokenTheServerAcceptsGivesIdentifySystemOverVerifyFullAndTheTokenIsNeverPrinted() {
        AcceptedTokens tokens = new AcceptedTokens(sdkSigner());
        Result result = run(Map.of(), endpoint -> tokens, args(USER, "--ca-bundle", caBundle()));

        assertThat(result.status()).as(result.err()).isEqualTo(VerifyReplicationLogin.OK);
        assertThat(result.out())
                .contains("Replication login as verify_user@localhost:" + tls.getPort() + " (eu-west-1), database "
                        + "postgres, TLS verify-full against the CA bundle file " + caBundle())
                .contains("OK: the IAM token was accepted")
                .containsPattern("system id: +\\d{10,}")
                .containsPattern("timeline: +1\\b")
                .containsPattern("WAL position: +[0-9A-F]+/[0-9A-F]+")
                .contains("database:     postgres")
                .contains("wal_level:    logical")
                .contains("rds.iam_auth_for_replication: not set on this server");
        assertThat(result.err()).isEmpty();
        assertThat(tokens.handedOut).hasSize(1).allSatisfy(token -> assertThat(token).contains("X-Amz-Signature"));
        assertThat(result.out() + result.err()).doesNotContain(tokens.handedOut.get(0)).doesNotContain("X-Amz");
    }

    @Test
    void theEndpointComesFromThePostgresAndAwsVariablesWhenNoOptionIsGiven() {
        AcceptedTokens tokens = new AcceptedTokens(sdkSigner());
        Result result = run(Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(tls.getPort()), "PGUSER", USER,
                "PGDATABASE", "postgres", "AWS_DEFAULT_REGION", "eu-central-1"), endpoint -> tokens,
                "--ca-bundle=" + caBundle());

        assertThat(result.status()).as(result.err()).isEqualTo(VerifyReplicationLogin.OK);
        assertThat(result.out()).contains("verify_user@localhost:" + tls.getPort() + " (eu-central-1)");
    }

    @Test
    void aRefusedTokenIsToldApartWithTheIamRemediesAndWithoutTheToken() {
        List<String> made = new ArrayList<>();
        Result result = run(Map.of(), endpoint -> IamAuthTokens.builder().generator(e -> {
            String token = "refused-" + UUID.randomUUID();
            made.add(token);
            return token;
        }).build(), args(USER, "--ca-bundle", caBundle()));

        assertThat(result.status()).isEqualTo(VerifyReplicationLogin.FAILED);
        assertThat(result.err()).startsWith("FAILED: the database refused the IAM token: ")
                .contains("SQLState 28P01").contains("rds-db:connect").contains("rds_iam").contains("--region");
        assertThat(made).as("one retry with a new token, as every consumer does").hasSize(2);
        for (String token : made) {
            assertThat(result.out() + result.err()).doesNotContain(token);
        }
    }

    @Test
    void aUserWithoutReplicationRightsIsToldToGetRdsReplication() {
        AcceptedTokens tokens = new AcceptedTokens(IamAuthTokens.builder().generator(e -> "t-" + UUID.randomUUID())
                .build());
        Result result = run(Map.of(), endpoint -> tokens, args(NO_REPLICATION, "--ca-bundle", caBundle()));

        assertThat(result.status()).isEqualTo(VerifyReplicationLogin.FAILED);
        assertThat(result.err()).contains("the login was accepted but the user may not open a replication connection")
                .contains("SQLState 42501").contains("rds_replication");
    }

    @Test
    void aServerCertificateTheBundleDoesNotTrustIsATlsFailure() {
        AcceptedTokens tokens = new AcceptedTokens(sdkSigner());
        // No --ca-bundle: the embedded Amazon RDS bundle, which does not trust the test CA.
        Result result = run(Map.of(), endpoint -> tokens, args(USER));

        assertThat(result.status()).isEqualTo(VerifyReplicationLogin.FAILED);
        assertThat(result.out()).contains("TLS verify-full against the Amazon RDS CA bundle");
        assertThat(result.err()).startsWith("FAILED: the TLS handshake or the certificate check failed")
                .contains("--ca-bundle");
    }

    @Test
    void aServerWithoutTlsIsATlsFailureUnderVerifyFull() {
        Result result = run(Map.of(), endpoint -> IamAuthTokens.builder().generator(e -> "t-" + UUID.randomUUID())
                .build(), "--host", "localhost", "--port", String.valueOf(ReplicationServer.get().getPort()),
                "--user", ReplicationServer.USER, "--region", "eu-west-1");

        assertThat(result.status()).isEqualTo(VerifyReplicationLogin.FAILED);
        assertThat(result.err()).startsWith("FAILED: the TLS handshake or the certificate check failed");
    }

    @Test
    void aPortNobodyListensOnIsANetworkFailureWithWhereToRunFrom() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result result = run(Map.of(), endpoint -> IamAuthTokens.builder().generator(e -> "t").build(),
                "--host", "localhost", "--port", String.valueOf(closed), "--user", USER, "--region", "eu-west-1",
                "--ca-bundle", caBundle());

        assertThat(result.status()).isEqualTo(VerifyReplicationLogin.FAILED);
        assertThat(result.err()).startsWith("FAILED: the database could not be reached")
                .contains("inside its VPC").contains("SQLState 08");
    }

    @Test
    void noAwsCredentialsAreToldApartBeforeAnyConnection() {
        Result result = run(Map.of(), endpoint -> IamAuthTokens.builder().generator(e -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }).build(), args(USER, "--ca-bundle", caBundle()));

        assertThat(result.status()).isEqualTo(VerifyReplicationLogin.FAILED);
        assertThat(result.err()).startsWith("FAILED: no AWS credentials to sign the IAM token with: Unable to load")
                .contains("AWS_PROFILE").contains("rds-db:connect");
    }

    @Test
    void aWrongCommandLineIsRefusedBeforeAnyTokenIsMade() {
        AtomicInteger asked = new AtomicInteger();
        Function<DatabaseEndpoint, AuthTokenProvider> tokens = endpoint -> {
            asked.incrementAndGet();
            return IamAuthTokens.builder().generator(e -> "t").build();
        };
        Map<String[], String> wrong = Map.of(
                new String[0], "--host is required (or PGHOST)",
                new String[] {"--host", "localhost/postgres?sslmode=disable", "--user", USER, "--region", "eu-west-1"},
                "host is refused",
                new String[] {"--host", "localhost", "--user", USER}, "--region is required",
                new String[] {"--host", "localhost", "--user", USER, "--region", "eu-west-1", "--ssl-mode", "disable"},
                "would send the token in clear",
                new String[] {"--host", "localhost", "--user", USER, "--region", "eu-west-1", "--password", "x"},
                "unknown option --password",
                new String[] {"--host", "localhost", "--user", USER, "--region", "eu-west-1", "--port", "x"},
                "--port 'x' is not a number",
                new String[] {"--host", "a", "--host", "b", "--user", USER, "--region", "eu-west-1"},
                "--host is given twice",
                new String[] {"--host", "localhost", "--user", USER, "--region", "eu-west-1", "--ssl-mode", "require",
                    "--ca-bundle", "x.pem"}, "--ca-bundle is only read under --ssl-mode verify-full");
        for (Map.Entry<String[], String> line : wrong.entrySet()) {
            Result result = run(Map.of(), tokens, line.getKey());
            assertThat(result.status()).as(String.join(" ", line.getKey())).isEqualTo(VerifyReplicationLogin.USAGE);
            assertThat(result.err()).as(String.join(" ", line.getKey())).contains(line.getValue()).contains("usage:");
        }
        assertThat(asked).as("no token provider was even asked for").hasValue(0);

        Result help = run(Map.of(), tokens, "--help");
        assertThat(help.status()).isEqualTo(VerifyReplicationLogin.OK);
        assertThat(help.out()).startsWith("usage: VerifyReplicationLogin --host ENDPOINT");
    }
}
