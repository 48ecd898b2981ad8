package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** close() waits for the handler call in progress, as long as the closeTimeout option says. */
class CloseTimeoutTest {
    private static final AtomicLong SLOTS = new AtomicLong();
    private String slot;

    @BeforeAll
    static void server() {
        ReplicationServer.get();
    }

    @BeforeEach
    void slot() throws Exception {
        slot = "close_timeout_" + SLOTS.incrementAndGet();
        ReplicationServer.sql("TRUNCATE items",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    }

    private LogicalReplicationStream.Builder stream(LogicalReplicationStream.ChangeHandler handler) {
        IamAuthTokens tokens = IamAuthTokens.builder().generator(new ReplicationServer.RotatingPasswords()).build();
        return LogicalReplicationStream.builder().connections(ReplicationServer.connections(tokens)).slot(slot)
                .pgoutput("items_pub").statusInterval(Duration.ofMinutes(5)).acknowledgeEvery(1_000_000)
                .handler(handler);
    }

    /**
     * Blocks the handler on the first commit message until {@code release}. (The server confirms a transaction
     * by its commit: a position acknowledged in the middle of a transaction makes it come again whole.)
     */
    private static LogicalReplicationStream.ChangeHandler blockingOnCommit(CountDownLatch inHandler,
            CountDownLatch release, List<Change> handled) {
        return change -> {
            if (change.data().get(0) == 'C' && inHandler.getCount() > 0) {
                inHandler.countDown();
                release.await();
            }
            handled.add(change);
        };
    }

    private List<Change> insertsDeliveredToANewStream() throws Exception {
        List<Change> inserts = new CopyOnWriteArrayList<>();
        LogicalReplicationStream again = stream(c -> {
            if (c.data().get(0) == 'I') {
                inserts.add(c);
            }
        }).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(again::run);
            ReplicationServer.sql("INSERT INTO items VALUES (2, 'marker')");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (inserts.stream().noneMatch(CloseTimeoutTest::isMarker) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            again.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }
        return inserts;
    }

    /** pgoutput insert of id 2: the 'marker' text is in the tuple data. */
    private static boolean isMarker(Change change) {
        return new String(change.data().array(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("marker");
    }

    @Test
    void closeWaitsForTheHandlerAndAcknowledgesItsChange() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Change> handled = new CopyOnWriteArrayList<>();
        LogicalReplicationStream stream = stream(blockingOnCommit(inHandler, release, handled)).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> running = pool.submit(stream::run);
            ReplicationServer.sql("INSERT INTO items VALUES (1, 'held')");
            assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> closing = pool.submit(stream::close);
            Thread.sleep(300);
            assertThat(closing).as("close() waits while the handler runs").isNotDone();
            release.countDown();
            closing.get(30, TimeUnit.SECONDS);
            assertThat(stream.isRunning()).isFalse();
            running.get();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(insertsDeliveredToANewStream()).as("only the new row: the held one was acknowledged")
                .hasSize(1).allMatch(CloseTimeoutTest::isMarker);
    }

    @Test
    void whenTheWaitRunsOutCloseReturnsAndTheChangeIsAcknowledgedOnlyOnceTheHandlerReturns() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Change> handled = new CopyOnWriteArrayList<>();
        LogicalReplicationStream stream = stream(blockingOnCommit(inHandler, release, handled))
                .closeTimeout(Duration.ofMillis(200)).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(stream::run);
            ReplicationServer.sql("INSERT INTO items VALUES (1, 'held')");
            assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();

            stream.close();

            assertThat(stream.isRunning()).as("close() gave up waiting; the handler still runs").isTrue();
            release.countDown();
            running.get(30, TimeUnit.SECONDS);
            assertThat(stream.isRunning()).isFalse();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(insertsDeliveredToANewStream()).as("acknowledged when the handler returned")
                .hasSize(1).allMatch(CloseTimeoutTest::isMarker);
    }

    @Test
    void closeFromInsideTheHandlerDoesNotWaitForItself() throws Exception {
        List<Change> handled = new CopyOnWriteArrayList<>();
        LogicalReplicationStream[] self = new LogicalReplicationStream[1];
        // Waiting for itself would take a day: the stream would never stop.
        self[0] = stream(change -> {
            handled.add(change);
            if (change.data().get(0) == 'I') {
                self[0].close();
            }
        }).closeTimeout(Duration.ofDays(1)).build();
        ReplicationServer.sql("INSERT INTO items VALUES (1, 'x')");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(self[0]::run).get(60, TimeUnit.SECONDS); // returns once the handler closed the stream
        } finally {
            pool.shutdownNow();
        }
        assertThat(handled).anyMatch(c -> c.data().get(0) == 'I');
        assertThat(self[0].isRunning()).isFalse();
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        assertThatThrownBy(() -> LogicalReplicationStream.builder().closeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeTimeout");
    }
}
