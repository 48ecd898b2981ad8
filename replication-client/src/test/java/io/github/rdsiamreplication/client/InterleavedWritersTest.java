package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Several writers whose transactions interleave (all open at once, committing in turn) while the walsender
 * is killed again and again: every committed row arrives, each transaction whole and in commit order, and
 * the changes that come twice are flagged, counted and bounded.
 */
class InterleavedWritersTest {
    private static final Pattern INSERT = Pattern.compile("^table public\\.items: INSERT: id\\[bigint\\]:(\\d+)");
    private static final int WRITERS = 4;
    private static final int TRANSACTIONS = 40;
    private static final int ROWS = 10;
    private static final int ACK_EVERY = 50;

    /** Each writer stops halfway, in the middle of an open transaction, until {@code halfway} opens. */
    private static void write(int writer, CountDownLatch halfway) throws Exception {
        try (Connection c = ReplicationServer.get().getPostgresDatabase().getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO items VALUES (?, 'w')")) {
            c.setAutoCommit(false);
            for (int t = 0; t < TRANSACTIONS; t++) {
                for (int r = 0; r < ROWS; r++) {
                    if (t == TRANSACTIONS / 2 && r == ROWS / 2) {
                        halfway.await();
                    }
                    st.setLong(1, id(writer, t, r));
                    st.executeUpdate();
                    Thread.sleep(1); // let the other writers' open transactions write in between
                }
                c.commit();
            }
        }
    }

    private static long id(int writer, int transaction, int row) {
        return writer * 1_000_000L + transaction * 1_000L + row;
    }

    @Test
    void nothingIsLostAndDuplicatesAreFlaggedAndBounded() throws Exception {
        ReplicationServer.get();
        String slot = "interleaved";
        ReplicationServer.sql("TRUNCATE items", "SELECT pg_create_logical_replication_slot('" + slot + "', 'test_decoding')");
        List<Change> sink = new CopyOnWriteArrayList<>();
        IamAuthTokens tokens = IamAuthTokens.builder().generator(new ReplicationServer.RotatingPasswords()).build();
        LogicalReplicationStream stream = LogicalReplicationStream.builder()
                .connections(ReplicationServer.connections(tokens)).slot(slot)
                .statusInterval(Duration.ofMillis(200)).acknowledgeEvery(ACK_EVERY)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).handler(sink::add).build();
        int total = WRITERS * TRANSACTIONS * ROWS;
        int kills = 0;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            Future<?> running = pool.submit(stream::run);
            CountDownLatch halfway = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    write(writer, halfway);
                    return null;
                }));
            }
            // One kill for sure while every writer holds an open transaction, more every 250 ms while they
            // write, and one after they finished (while their changes stream): not dependent on speed.
            kills += ReplicationServer.killStreamingWalsender(slot);
            halfway.countDown();
            while (writers.stream().anyMatch(f -> !f.isDone())) {
                Thread.sleep(250);
                kills += ReplicationServer.killWalsender(slot);
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            kills += ReplicationServer.killStreamingWalsender(slot);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (distinctIds(sink).size() < total && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stream.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }

        // First deliveries, grouped into transactions by BEGIN/COMMIT.
        Set<Long> seen = new HashSet<>();
        Map<Integer, List<Long>> perWriter = new HashMap<>();
        List<List<Long>> transactions = new ArrayList<>();
        List<Long> open = null;
        int duplicates = 0;
        for (Change change : sink) {
            String text = change.text();
            if (text.startsWith("BEGIN")) {
                open = new ArrayList<>();
            } else if (text.startsWith("COMMIT")) {
                if (open != null && !open.isEmpty()) {
                    transactions.add(open);
                }
                open = null;
            }
            Matcher m = INSERT.matcher(text);
            if (m.find()) {
                long id = Long.parseLong(m.group(1));
                if (seen.add(id)) {
                    perWriter.computeIfAbsent((int) (id / 1_000_000), k -> new ArrayList<>()).add(id);
                    if (open != null) {
                        open.add(id);
                    }
                } else {
                    duplicates++;
                    assertThat(change.possiblyRedelivered()).as("repeated row %d is flagged", id).isTrue();
                }
            }
        }

        assertThat(kills).as("walsenders killed while the writers ran").isGreaterThanOrEqualTo(2);
        assertThat(seen).as("every committed row arrived").hasSize(total);
        perWriter.values().forEach(ids -> assertThat(ids).as("one writer's rows in commit order").isSorted());
        for (List<Long> transaction : transactions) {
            assertThat(transaction.stream().map(id -> id / 1_000).distinct()).as("a transaction arrives whole, alone")
                    .hasSize(1);
        }
        // After a kill the slot resends every transaction that commits after the last position the server
        // processed. The stream sends that position every ACK_EVERY changes, and the last one sent may die
        // with the walsender: at most two windows, plus the transaction that straddles the position.
        int bound = (int) stream.reconnects() * (2 * ACK_EVERY + ROWS);
        assertThat(duplicates).as("duplicates (reconnects %d)", stream.reconnects()).isLessThanOrEqualTo(bound);
        System.out.printf("%d writers x %d transactions x %d rows, %d walsender kills, %d reconnects, "
                + "%d duplicate rows (bound %d)%n", WRITERS, TRANSACTIONS, ROWS, kills, stream.reconnects(),
                duplicates, bound);
    }

    private static Set<Long> distinctIds(List<Change> sink) {
        Set<Long> ids = new HashSet<>();
        for (Change change : new ArrayList<>(sink)) {
            Matcher m = INSERT.matcher(change.text());
            if (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids;
    }
}
