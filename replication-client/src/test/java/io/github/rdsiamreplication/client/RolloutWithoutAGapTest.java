package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.SslMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;

/**
 * The rollout of docs/rollout.md against a running CDC consumer, on real PostgreSQL, with a writer committing
 * rows the whole time: the consumer streams with its password; its user gets {@code rds_iam}; the consumer
 * is moved to IAM tokens with the old password as a fallback; the parameter is switched; the fallback is
 * removed. The walsender is killed in every phase, so every phase has a reconnect that must log in. Every
 * committed row arrives, first deliveries in commit order, and any row that comes twice is flagged. Two
 * more tests show the gaps the fallback closes: tokens alone before the switch are refused, and a consumer
 * still on its password stops at its first login after the switch (losing nothing: the slot keeps it all).
 *
 * <p>"The switch" is the moment a replication login of the user needs IAM: it has {@code rds_iam} and
 * {@code rds.iam_auth_for_replication} is in effect, whichever comes last. Here the grant comes first and
 * the parameter last; the construct does it the other way round in one deployment (the parameter, then the
 * grant), which for this user is the same single moment.
 *
 * <p><b>What is emulated, and how.</b> Stock PostgreSQL has no IAM, so both sides of the switch are played
 * with the role's password:
 * <ul>
 *   <li>A "token" is a random string from a stand-in signer, handed out through the client's own
 *   {@link IamAuthTokens} (its cache and its invalidation): only the signing is replaced.</li>
 *   <li>Before the switch the server checks the consumer's old password, as RDS does for a replication
 *   login while {@code rds.iam_auth_for_replication} is off, even for a member of {@code rds_iam}: the
 *   role's password is the old password, so a token is refused.</li>
 *   <li>The switch makes the old password stop working: from then on the role's password is set to each
 *   newly issued token, so only a token logs in. That is stricter than IAM, where an older token also
 *   works until it expires.</li>
 *   <li>{@code GRANT rds_iam} is run (the role is made here if missing) but changes nothing on stock
 *   PostgreSQL; on RDS it changes nothing for replication logins before the switch either, while the
 *   user's other logins need IAM from that moment (this consumer opens only replication connections).</li>
 *   <li>A session that is open keeps streaming across a password change, as on RDS an open session
 *   keeps streaming across the switch; the killed walsenders force the logins.</li>
 * </ul>
 * What this does not show: RDS's own authentication, IAM policies, TLS. The test runs on PostgreSQL 16.
 */
class RolloutWithoutAGapTest {
    private static final String USER = "cdc_rollout";
    private static final String SLOT = "rollout_slot";
    private static final Pattern INSERT =
            Pattern.compile("^table public\\.rollout_items: INSERT: id\\[bigint\\]:(\\d+)");

    /** The server side of the switch: which credential a replication login of {@link #USER} needs. */
    static final class EmulatedSwitch {
        private final String oldPassword = "old-password-" + UUID.randomUUID();
        private String latestToken;
        private boolean switched;
        final AtomicInteger tokensIssued = new AtomicInteger();

        synchronized void start() throws SQLException {
            ReplicationServer.sql("ALTER ROLE " + USER + " PASSWORD '" + oldPassword + "'");
        }

        /** The stand-in signer: a new token; the server accepts it only once switched. */
        synchronized String sign(DatabaseEndpoint endpoint) {
            latestToken = "token-" + UUID.randomUUID();
            tokensIssued.incrementAndGet();
            if (switched) {
                accept(latestToken);
            }
            return latestToken;
        }

        /** {@code rds.iam_auth_for_replication} takes effect: the old password stops working. */
        synchronized void flip() {
            switched = true;
            accept(latestToken != null ? latestToken : "no-token-yet-" + UUID.randomUUID());
        }

        private void accept(String credential) {
            try {
                ReplicationServer.sql("ALTER ROLE " + USER + " PASSWORD '" + credential + "'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The consumer before the rollout: its password, always. */
    record StaticPassword(String password) implements AuthTokenProvider {
        @Override
        public String token(DatabaseEndpoint endpoint) {
            return password;
        }

        @Override
        public void invalidate(DatabaseEndpoint endpoint, String token) {
            // nothing else to offer
        }
    }

    /**
     * The consumer during the rollout, as docs/rollout.md shows it: an IAM token first; when the server
     * refuses it (before the switch), the old password for the one retry the client (and the Debezium
     * factory) makes right after a refused login, on the same thread; the token again at the next connect.
     * Thread-confined, so connections opened at once by one JVM do not take each other's retry.
     */
    static final class TokenFirstThenPassword implements AuthTokenProvider {
        private final AuthTokenProvider tokens;
        private final String password;
        private final ThreadLocal<Boolean> passwordNext = ThreadLocal.withInitial(() -> false);
        final AtomicInteger passwordsHandedOut = new AtomicInteger();

        TokenFirstThenPassword(AuthTokenProvider tokens, String password) {
            this.tokens = tokens;
            this.password = password;
        }

        @Override
        public String token(DatabaseEndpoint endpoint) {
            if (passwordNext.get()) {
                passwordNext.set(false);
                passwordsHandedOut.incrementAndGet();
                return password;
            }
            return tokens.token(endpoint);
        }

        @Override
        public void invalidate(DatabaseEndpoint endpoint, String token) {
            if (!password.equals(token)) {
                tokens.invalidate(endpoint, token);
                passwordNext.set(true);
            }
        }
    }

    private EmulatedSwitch server;
    private DatabaseEndpoint endpoint;
    private final List<Change> sink = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicLong committed = new AtomicLong();
    private Future<?> writer;

    @BeforeEach
    void aConsumerUserATableASlotAndAWriter() throws Exception {
        ReplicationServer.get();
        ReplicationServer.sql("DROP ROLE IF EXISTS " + USER, "CREATE ROLE " + USER + " LOGIN REPLICATION",
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN "
                        + "CREATE ROLE rds_iam NOLOGIN; END IF; END$$",
                "DROP TABLE IF EXISTS rollout_items", "CREATE TABLE rollout_items (id bigint PRIMARY KEY)",
                "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'test_decoding')");
        server = new EmulatedSwitch();
        server.start();
        endpoint = new DatabaseEndpoint("localhost", ReplicationServer.get().getPort(), USER, ReplicationServer.REGION);
        writer = pool.submit(() -> {
            write(writing, committed);
            return null;
        });
    }

    @AfterEach
    void stopAndDropTheSlot() throws Exception {
        writing.set(false);
        pool.shutdownNow();
        ReplicationServer.killWalsender(SLOT);
        for (int i = 0; i < 600 && ReplicationServer.killWalsender(SLOT) > 0; i++) {
            Thread.sleep(50);
        }
        ReplicationServer.sql("SELECT pg_drop_replication_slot('" + SLOT + "')", "DROP ROLE " + USER);
    }

    @Test
    void everyCommittedChangeArrivesInOrderThroughTheWholeRollout() throws Exception {
        List<String> phases = new ArrayList<>();

        // 1. The consumer as it runs today: a password.
        Running consumer = start(pool, endpoint, new StaticPassword(server.oldPassword), sink);
        phases.add(reconnectAndCatchUp("password", consumer, committed, sink));

        // 2. Grant IAM to the consumer's user: replication logins still take the password.
        ReplicationServer.sql("GRANT rds_iam TO " + USER);
        phases.add(reconnectAndCatchUp("rds_iam granted", consumer, committed, sink));

        // 3. Move the consumer to tokens (a restart with the new credentials), the password as fallback.
        consumer.stop();
        IamAuthTokens tokens = IamAuthTokens.builder().generator(server::sign).build();
        TokenFirstThenPassword moved = new TokenFirstThenPassword(tokens, server.oldPassword);
        consumer = start(pool, endpoint, moved, sink);
        phases.add(reconnectAndCatchUp("tokens, password fallback", consumer, committed, sink));
        int fallbacksBeforeTheSwitch = moved.passwordsHandedOut.get();

        // 4. Flip the parameter: the old password stops working; the open session keeps streaming.
        server.flip();
        assertThatThrownBy(() -> replicationLogin(endpoint, server.oldPassword).close())
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28P01");
        phases.add(reconnectAndCatchUp("switched", consumer, committed, sink));
        int fallbacksAfterTheSwitch = moved.passwordsHandedOut.get() - fallbacksBeforeTheSwitch;

        // 5. Remove the fallback (and, on RDS, the password): tokens only.
        consumer.stop();
        consumer = start(pool, endpoint, tokens, sink);
        phases.add(reconnectAndCatchUp("tokens only", consumer, committed, sink));

        writing.set(false);
        writer.get();
        awaitIds(sink, committed.get());
        consumer.stop();

        assertThat(fallbacksBeforeTheSwitch).as("refused tokens fell back to the password before the switch")
                .isPositive();
        assertThat(fallbacksAfterTheSwitch).as("after the switch every login took a token").isZero();

        List<Long> first = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        int duplicates = 0;
        for (Change change : sink) {
            Matcher m = INSERT.matcher(change.text());
            if (m.find()) {
                long id = Long.parseLong(m.group(1));
                if (seen.add(id)) {
                    first.add(id);
                } else {
                    duplicates++;
                    assertThat(change.possiblyRedelivered()).as("repeated row %d is flagged", id).isTrue();
                }
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= committed.get(); id++) {
            expected.add(id);
        }
        assertThat(first).as("every committed row, first deliveries in commit order").isEqualTo(expected);
        System.out.printf("rollout: %d rows committed during %s; %d tokens issued, %d duplicate rows (flagged)%n",
                committed.get(), phases, server.tokensIssued.get(), duplicates);
    }

    /**
     * The order the guide warns against, first half: tokens without the password before the switch. The
     * server still wants the password for a replication login, so the consumer cannot log in and stops.
     */
    @Test
    void tokensAloneBeforeTheSwitchAreRefused() {
        IamAuthTokens tokens = IamAuthTokens.builder().generator(server::sign).build();
        Running consumer = start(pool, endpoint, tokens, sink);

        assertThatThrownBy(() -> consumer.run().get()).hasCauseInstanceOf(ReplicationException.class)
                .hasMessageContaining("28P01");
    }

    /**
     * The other half: the switch while the consumer still has only its password. Its open session keeps
     * streaming; its next login is refused and it stops. The slot kept every change: once moved to tokens,
     * it gets them all.
     */
    @Test
    void aConsumerStillOnItsPasswordStopsAtItsNextLoginAfterTheSwitchButLosesNothing() throws Exception {
        Running consumer = start(pool, endpoint, new StaticPassword(server.oldPassword), sink);
        awaitIds(sink, 20);
        server.flip();
        long before = committed.get() + 1;
        while (committed.get() < before) {
            Thread.sleep(5);
        }
        awaitIds(sink, before);
        assertThat(distinctIds(sink)).as("the open session streams on after the switch").isGreaterThanOrEqualTo(before);

        assertThat(ReplicationServer.killStreamingWalsender(SLOT)).isEqualTo(1);
        assertThatThrownBy(() -> consumer.run().get()).hasCauseInstanceOf(ReplicationException.class)
                .hasMessageContaining("28P01");

        Running moved = start(pool, endpoint, IamAuthTokens.builder().generator(server::sign).build(), sink);
        writing.set(false);
        writer.get();
        awaitIds(sink, committed.get());
        moved.stop();
        assertThat(distinctIds(sink)).as("every committed row, once moved").isEqualTo(committed.get());
    }

    /** One consumer process: a stream running on the pool. */
    private record Running(LogicalReplicationStream stream, Future<?> run) {
        void stop() throws Exception {
            stream.close();
            run.get();
        }
    }

    private static Running start(ExecutorService pool, DatabaseEndpoint endpoint, AuthTokenProvider credentials,
            List<Change> sink) {
        ReplicationConnections connections = ReplicationConnections.builder().endpoint(endpoint)
                .tokens(credentials).sslMode(SslMode.DISABLE).build();
        LogicalReplicationStream stream = LogicalReplicationStream.builder().connections(connections).slot(SLOT)
                .statusInterval(Duration.ofMillis(200)).acknowledgeEvery(50)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).handler(sink::add).build();
        return new Running(stream, pool.submit(stream::run));
    }

    /**
     * Kills the consumer's walsender (waiting for one to be streaming), so that only a new login can bring
     * what is committed from then on, and waits until everything committed after the kill has arrived.
     *
     * @return what the phase did, for the summary
     */
    private static String reconnectAndCatchUp(String phase, Running consumer, AtomicLong committed,
            List<Change> sink) throws Exception {
        long reconnects = consumer.stream().reconnects();
        assertThat(ReplicationServer.killStreamingWalsender(SLOT)).as("a walsender killed in phase %s", phase)
                .isEqualTo(1);
        long target = committed.get() + 1;
        while (committed.get() < target) {
            Thread.sleep(5);
        }
        awaitIds(sink, target);
        if (consumer.run().isDone()) {
            consumer.run().get(); // the stream failed: its exception says why
        }
        assertThat(distinctIds(sink)).as("rows up to %d, committed after the kill in phase %s, arrived", target,
                phase).isGreaterThanOrEqualTo(target);
        assertThat(consumer.stream().reconnects()).as("logged in again in phase %s", phase).isGreaterThan(reconnects);
        return phase + " (rows up to " + target + ")";
    }

    /** One row per transaction, ids 1, 2, 3... in commit order, until told to stop. */
    private static void write(AtomicBoolean writing, AtomicLong committed) throws Exception {
        try (Connection c = ReplicationServer.get().getPostgresDatabase().getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO rollout_items VALUES (?)")) {
            while (writing.get()) {
                st.setLong(1, committed.get() + 1);
                st.executeUpdate();
                committed.incrementAndGet();
                Thread.sleep(2);
            }
        }
    }

    /** Waits (up to a minute, no timing asserted) until every id up to {@code count} was received. */
    private static void awaitIds(List<Change> sink, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (distinctIds(sink) < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long distinctIds(List<Change> sink) {
        Set<Long> ids = new HashSet<>();
        for (Change change : sink) {
            Matcher m = INSERT.matcher(change.text());
            if (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids.size();
    }

    /** A replication login with the given password, as a consumer would make it. */
    private static Connection replicationLogin(DatabaseEndpoint endpoint, String password) throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, endpoint.user());
        PGProperty.PASSWORD.set(props, password);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + endpoint.port() + "/postgres", props);
    }
}
