package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.SslMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream against a real PostgreSQL, with the walsender killed under it. */
class LogicalReplicationStreamTest {
    private static final Pattern INSERT = Pattern.compile("^table public\\.items: INSERT: id\\[bigint\\]:(\\d+)");
    private static final AtomicLong SLOTS = new AtomicLong();
    private static final int ACK_EVERY = 60;
    private String slot;

    @BeforeAll
    static void server() {
        ReplicationServer.get();
    }

    @BeforeEach
    void freshSlotAndTable() throws Exception {
        slot = "test_slot_" + SLOTS.incrementAndGet();
        ReplicationServer.sql("TRUNCATE items", "SELECT pg_create_logical_replication_slot('" + slot
                + "', 'test_decoding')");
    }

    private LogicalReplicationStream.Builder stream(List<Change> sink) {
        IamAuthTokens tokens = IamAuthTokens.builder().generator(new ReplicationServer.RotatingPasswords()).build();
        return LogicalReplicationStream.builder()
                .connections(ReplicationServer.connections(tokens))
                .slot(slot)
                .statusInterval(Duration.ofMillis(200))
                .acknowledgeEvery(ACK_EVERY)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .handler(sink::add);
    }

    private static void insert(long from, long to) throws Exception {
        try (Connection c = ReplicationServer.get().getPostgresDatabase().getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO items VALUES (?, 'x')")) {
            for (long id = from; id <= to; id++) {
                st.setLong(1, id);
                st.executeUpdate(); // auto-commit: one transaction per row
            }
        }
    }

    private static List<Long> insertedIds(List<Change> changes, List<Boolean> flags) {
        List<Long> ids = new ArrayList<>();
        for (Change change : changes) {
            Matcher m = INSERT.matcher(change.text());
            if (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
                flags.add(change.possiblyRedelivered());
            }
        }
        return ids;
    }

    private static void awaitIds(List<Change> sink, long count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (new HashSet<>(insertedIds(new ArrayList<>(sink), new ArrayList<>())).size() >= count) {
                return;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void everyCommittedRowArrivesInCommitOrderAcrossKilledConnections() throws Exception {
        List<Change> sink = new CopyOnWriteArrayList<>();
        LogicalReplicationStream stream = stream(sink).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int rows = 3000;
        int kills = 0;
        try {
            Future<?> running = pool.submit(stream::run);
            // Three chunks: walsenders killed every 150 ms while a chunk is written, and at least one after
            // each chunk (while its changes stream), so the kills do not depend on how fast the writes are.
            int chunk = rows / 3;
            for (int c = 0; c < 3; c++) {
                long from = (long) c * chunk + 1;
                Future<?> writer = pool.submit(() -> {
                    insert(from, from + chunk - 1);
                    return null;
                });
                while (!writer.isDone()) {
                    Thread.sleep(150);
                    kills += ReplicationServer.killWalsender(slot);
                }
                writer.get();
                kills += ReplicationServer.killStreamingWalsender(slot);
            }
            awaitIds(sink, rows, Duration.ofSeconds(60));
            stream.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }

        List<Boolean> flags = new ArrayList<>();
        List<Long> ids = insertedIds(sink, flags);
        Set<Long> seen = new HashSet<>();
        List<Long> firstDeliveries = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (seen.add(ids.get(i))) {
                firstDeliveries.add(ids.get(i));
            } else {
                duplicates++;
                assertThat(flags.get(i)).as("a repeated change is flagged possiblyRedelivered").isTrue();
            }
        }
        assertThat(kills).as("the walsender was killed during the run").isGreaterThanOrEqualTo(3);
        // One reconnect per streaming walsender killed after each chunk at least; a kill that lands on a
        // walsender already going away (or two at once) does not give a reconnect of its own.
        assertThat(stream.reconnects()).as("reconnects").isGreaterThanOrEqualTo(3);
        assertThat(seen).as("every committed row arrived").hasSize(rows);
        assertThat(firstDeliveries).as("in commit order").isSorted();
        // Only what was handled but not acknowledged to the server can come again: the changes since the
        // last acknowledgement the server processed, which includes what was still in the socket buffers
        // when the walsender died (handled after its death, so never acknowledged). Without working
        // acknowledgements every reconnect would replay the stream from the slot's creation.
        assertThat(duplicates).isLessThanOrEqualTo((int) stream.reconnects() * rows / 4);
        assertThat(stream.lastAcknowledgedLsn().asLong()).isPositive();
        System.out.printf("%d rows, %d walsender kills, %d reconnects, %d duplicates delivered%n", rows, kills,
                stream.reconnects(), duplicates);
    }

    @Test
    void aCleanCloseAcknowledgesEverythingSoANewStreamGetsNothingAgain() throws Exception {
        insert(1, 500);
        List<Change> first = new CopyOnWriteArrayList<>();
        LogicalReplicationStream stream = stream(first).acknowledgeEvery(1_000_000)
                .statusInterval(Duration.ofMinutes(5)).build(); // only close() acknowledges
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(stream::run);
            awaitIds(first, 500, Duration.ofSeconds(20));
            stream.close();
            running.get();

            List<Change> second = new CopyOnWriteArrayList<>();
            LogicalReplicationStream again = stream(second).build();
            Future<?> rerun = pool.submit(again::run);
            insert(501, 501);
            awaitIds(second, 1, Duration.ofSeconds(20));
            again.close();
            rerun.get();
            assertThat(insertedIds(second, new ArrayList<>())).containsExactly(501L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pgoutputWithAPublicationDeliversItsProtocolMessages() throws Exception {
        ReplicationServer.sql("SELECT pg_drop_replication_slot('" + slot + "')",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        List<Change> sink = new CopyOnWriteArrayList<>();
        LogicalReplicationStream stream = stream(sink).pgoutput("items_pub").build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(stream::run);
            insert(1, 3);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (sink.stream().filter(c -> c.data().get(0) == 'C').count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stream.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }
        StringBuilder types = new StringBuilder();
        sink.forEach(c -> types.append((char) c.data().get(0)));
        assertThat(types.toString()).isEqualTo("BRICBICBIC");
    }

    @Test
    void aHandlerFailureStopsTheStreamAndTheChangeComesAgainNextTime() throws Exception {
        insert(1, 2);
        List<Change> sink = new CopyOnWriteArrayList<>();
        LogicalReplicationStream failing = stream(sink).handler(change -> {
            if (change.text().contains("INSERT")) {
                throw new IllegalStateException("consumer is down");
            }
            sink.add(change);
        }).build();

        assertThatThrownBy(failing::run).isInstanceOf(ReplicationException.class)
                .hasMessageContaining("handler failed").hasMessageContaining("not acknowledged");

        LogicalReplicationStream retry = stream(sink).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(retry::run);
            awaitIds(sink, 2, Duration.ofSeconds(20));
            retry.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }
        List<Boolean> flags = new ArrayList<>();
        assertThat(insertedIds(sink, flags)).containsExactly(1L, 2L);
        assertThat(flags).as("written before this process started: flagged").containsOnly(true);
    }

    @Test
    void reconnectsThatEachMadeProgressDoNotAddUpToAFailure() throws Exception {
        List<Change> sink = new CopyOnWriteArrayList<>();
        // Three failures in a row stop the stream; five broken connections do not, since each delivered.
        LogicalReplicationStream stream = stream(sink).maxConsecutiveFailures(3).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(stream::run);
            for (long id = 1; id <= 5; id++) {
                insert(id, id);
                awaitIds(sink, id, Duration.ofSeconds(20));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (ReplicationServer.killWalsender(slot) == 0) {
                    assertThat(running).as("the stream is still running after %d broken connections", id - 1)
                            .isNotDone();
                    assertThat(System.nanoTime()).as("a walsender to kill").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            insert(6, 6);
            awaitIds(sink, 6, Duration.ofSeconds(20));
            assertThat(running).as("five broken connections, each after a delivered change").isNotDone();
            stream.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(stream.reconnects()).isGreaterThanOrEqualTo(5);
        assertThat(new HashSet<>(insertedIds(sink, new ArrayList<>()))).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L,
                6L);
    }

    @Test
    void anUnknownSlotFailsAtOnceWithTheRemedy() {
        LogicalReplicationStream stream = stream(new ArrayList<>()).slot("no_such_slot").build();

        assertThatThrownBy(stream::run).isInstanceOf(ReplicationException.class)
                .hasMessageContaining("replication slot 'no_such_slot' does not exist")
                .hasMessageContaining("pg_create_logical_replication_slot");
        assertThat(stream.reconnects()).isZero();
    }

    @Test
    void aMissingPublicationFailsAtOnce() {
        LogicalReplicationStream stream = stream(new ArrayList<>()).pgoutput("no_such_pub").build();

        assertThatThrownBy(stream::run).isInstanceOf(ReplicationException.class)
                .hasMessageContaining("publication 'no_such_pub' does not exist");
        assertThat(stream.reconnects()).isZero();
    }

    @Test
    void aWrongPortFailsAfterTheConfiguredNumberOfAttempts() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        IamAuthTokens tokens = IamAuthTokens.builder().generator(e -> "unused").build();
        ReplicationConnections connections = ReplicationConnections.builder()
                .endpoint(new DatabaseEndpoint("localhost", closedPort, ReplicationServer.USER, "eu-west-1"))
                .tokens(tokens).sslMode(SslMode.DISABLE).build();
        LogicalReplicationStream stream = LogicalReplicationStream.builder().connections(connections).slot(slot)
                .handler(c -> { }).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).maxConsecutiveFailures(3)
                .build();

        assertThatThrownBy(stream::run).isInstanceOf(ReplicationException.class)
                .hasMessageContaining("localhost:" + closedPort).hasMessageContaining("failed 3 times in a row");
    }

    @Test
    void aRefusedLoginIsNotRetriedForever() {
        IamAuthTokens wrong = IamAuthTokens.builder().generator(e -> "not-the-password").build();
        LogicalReplicationStream stream = LogicalReplicationStream.builder()
                .connections(ReplicationServer.connections(wrong)).slot(slot).handler(c -> { }).build();

        assertThatThrownBy(stream::run).isInstanceOf(ReplicationException.class)
                .hasMessageContaining("password authentication failed").hasMessageContaining("retrying cannot fix");
    }
}
