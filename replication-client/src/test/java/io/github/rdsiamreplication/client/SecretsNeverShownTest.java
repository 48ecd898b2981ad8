package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens (and passwords) never appear in what the client logs or throws, nor in what pgjdbc logs at its
 * most detailed level while the client uses it: through refused logins, killed connections and failures.
 */
class SecretsNeverShownTest {
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Logger pgjdbc = Logger.getLogger("org.postgresql");
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String line = formatter.format(record);
            // The test's stand-in for IAM sets each token as the role's password; that statement is its own.
            if (!line.contains("ALTER ROLE " + ReplicationServer.USER + " PASSWORD")) {
                output.add(line);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeAll
    static void server() {
        ReplicationServer.get();
    }

    @BeforeEach
    void capturePgjdbcLogs() {
        previousLevel = pgjdbc.getLevel();
        pgjdbc.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        pgjdbc.addHandler(capture);
    }

    @AfterEach
    void restore() {
        pgjdbc.removeHandler(capture);
        pgjdbc.setLevel(previousLevel);
    }

    private static String everything(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private void assertNoTokenShown() {
        assertThat(tokens).isNotEmpty();
        assertThat(output).isNotEmpty();
        for (String line : output) {
            for (String token : tokens) {
                assertThat(line).doesNotContain(token);
            }
        }
    }

    @Test
    void aRefusedLoginNamesTheUserButNotTheToken() {
        IamAuthTokens wrong = IamAuthTokens.builder().generator(e -> {
            String token = "wrong-token-" + System.nanoTime();
            tokens.add(token);
            return token;
        }).build();
        LogicalReplicationStream stream = LogicalReplicationStream.builder()
                .connections(ReplicationServer.connections(wrong)).slot("any").handler(c -> { })
                .log(output::add).build();

        Throwable thrown = catchThrowable(stream::run);

        output.add(everything(thrown));
        assertThat(thrown).isInstanceOf(ReplicationException.class).hasMessageContaining(ReplicationServer.USER);
        assertThat(tokens).as("a new token was tried after the refusal").hasSize(2);
        assertNoTokenShown();
    }

    @Test
    void reconnectsAfterKilledConnectionsLogNoToken() throws Exception {
        String slot = "secrets_" + System.nanoTime();
        ReplicationServer.sql("SELECT pg_create_logical_replication_slot('" + slot + "', 'test_decoding')");
        ReplicationServer.RotatingPasswords passwords = new ReplicationServer.RotatingPasswords();
        // A token refresh on every connect: each reconnect logs in with a new secret.
        IamAuthTokens rotating = IamAuthTokens.builder().refreshAfter(Duration.ofNanos(1)).generator(e -> {
            String token = passwords.apply(e);
            tokens.add(token);
            return token;
        }).build();
        List<Change> sink = new CopyOnWriteArrayList<>();
        LogicalReplicationStream stream = LogicalReplicationStream.builder()
                .connections(ReplicationServer.connections(rotating)).slot(slot).handler(sink::add)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).statusInterval(Duration.ofMillis(100))
                .log(output::add).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(stream::run);
            for (int kill = 0; kill < 3; kill++) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (ReplicationServer.killWalsender(slot) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (stream.reconnects() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stream.close();
            running.get();
        } finally {
            pool.shutdownNow();
            ReplicationServer.sql("SELECT pg_drop_replication_slot('" + slot + "')");
        }
        assertThat(stream.reconnects()).isGreaterThanOrEqualTo(3);
        assertThat(output).anyMatch(line -> line.contains("reconnecting in"));
        assertNoTokenShown();
    }

    @Test
    void aConnectionFailureCarriesNoToken() throws SQLException {
        IamAuthTokens one = IamAuthTokens.builder().generator(e -> {
            String token = "secret-" + System.nanoTime();
            tokens.add(token);
            return token;
        }).build();
        ReplicationConnections connections = ReplicationServer.connections(one);
        Throwable thrown = catchThrowable(connections::open);
        output.add(everything(thrown));
        output.add(connections.endpoint().toString());
        assertNoTokenShown();
    }
}
