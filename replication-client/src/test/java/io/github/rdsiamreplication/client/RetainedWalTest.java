package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/**
 * A quiet publication on a busy database: the slot must not hold the unpublished WAL (the classic cause of
 * full disks with logical replication), and must never confirm past a change still in the handler.
 */
class RetainedWalTest {
    private static final AtomicLong SLOTS = new AtomicLong();
    private static final long NEAR_ZERO = 1024 * 1024;
    private String slot;

    @BeforeAll
    static void server() {
        ReplicationServer.get();
    }

    @BeforeEach
    void pgoutputSlot() throws Exception {
        slot = "retained_wal_" + SLOTS.incrementAndGet();
        ReplicationServer.sql("TRUNCATE items", "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    }

    private LogicalReplicationStream.Builder stream(LogicalReplicationStream.ChangeHandler handler) {
        IamAuthTokens tokens = IamAuthTokens.builder().generator(new ReplicationServer.RotatingPasswords()).build();
        return LogicalReplicationStream.builder().connections(ReplicationServer.connections(tokens)).slot(slot)
                .pgoutput("items_pub").statusInterval(Duration.ofMillis(500)).handler(handler);
    }

    /** Polls until the retained WAL is below {@link #NEAR_ZERO}; @return the last value seen. */
    private long awaitRetainedBelowNearZero(Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        long retained = ReplicationServer.retainedWal(slot);
        while (retained >= NEAR_ZERO && System.nanoTime() - end < 0) {
            Thread.sleep(100);
            retained = ReplicationServer.retainedWal(slot);
        }
        return retained;
    }

    @Test
    void unpublishedWalIsReleasedWhileThePublicationStaysQuiet() throws Exception {
        List<Change> changes = new CopyOnWriteArrayList<>();
        LogicalReplicationStream stream = stream(changes::add).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(stream::run);
            long before = ReplicationServer.currentWal().asLong();
            ReplicationServer.writeUnpublished(40);
            long written = ReplicationServer.currentWal().asLong() - before;

            long retained = awaitRetainedBelowNearZero(Duration.ofSeconds(60));

            assertThat(written).as("the writes produced tens of MB of WAL").isGreaterThan(20 * NEAR_ZERO);
            assertThat(retained).as("retained WAL back near zero with no published change").isLessThan(NEAR_ZERO);
            assertThat(changes).as("nothing published was written").isEmpty();
            assertThat(stream.keepaliveAdvances()).isPositive();
            stream.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChangeStillInTheHandlerHoldsTheSlotUntilItReturns() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Change> blocked = new CompletableFuture<>();
        LogicalReplicationStream stream = stream(change -> {
            if (change.data().get(0) == 'I' && !blocked.isDone()) {
                blocked.complete(change);
                inHandler.countDown();
                release.await();
            }
        }).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = pool.submit(stream::run);
            ReplicationServer.sql("INSERT INTO items VALUES (1, 'held')");
            assertThat(inHandler.await(30, TimeUnit.SECONDS)).as("the insert reached the handler").isTrue();
            ReplicationServer.writeUnpublished(5);
            Thread.sleep(2_000); // four status intervals: time for any (wrong) confirmation to reach the server

            // A keepalive may have confirmed the WAL end just before the insert, which is where its record
            // starts. The server resends every transaction whose commit record starts at or after the
            // confirmed position, so anything up to the change's own position keeps it; past it would not.
            assertThat(ReplicationServer.confirmedFlush(slot).asLong())
                    .as("nothing confirmed past the change in the handler")
                    .isLessThanOrEqualTo(blocked.get().lsn().asLong());

            release.countDown();
            assertThat(awaitRetainedBelowNearZero(Duration.ofSeconds(60))).as("released once the handler returned")
                    .isLessThan(NEAR_ZERO);
            stream.close();
            running.get();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
