package io.github.rdsiamreplication.client;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * The wrapper's overhead: a large change set (default 1,000,000 inserted rows in one transaction)
 * streamed from a local PostgreSQL 16 through {@link LogicalReplicationStream} and through bare pgjdbc
 * {@link PGReplicationStream}, each from its own test_decoding slot. Prints both throughputs and the
 * ratio. Run with {@code mvn -B -pl replication-client -am -Pbench verify -DskipTests}.
 */
public final class StreamThroughputBench {
    private StreamThroughputBench() {
    }

    /**
     * @param args optional: number of rows (default 1000000)
     * @throws Exception when streaming fails
     */
    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long messages = rows + 2; // BEGIN, one INSERT per row, COMMIT
        ReplicationServer.get();
        ReplicationServer.sql("ALTER ROLE " + ReplicationServer.USER + " PASSWORD 'bench'", "TRUNCATE items");
        for (String slot : new String[] {"bench_bare", "bench_wrapped"}) {
            ReplicationServer.sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = '" + slot + "'",
                    "SELECT pg_create_logical_replication_slot('" + slot + "', 'test_decoding')");
        }
        long t0 = System.nanoTime();
        ReplicationServer.sql("INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, " + rows + ") g");
        System.out.printf("inserted %d rows in one transaction in %d ms%n", rows, (System.nanoTime() - t0) / 1_000_000);

        double bare = bare("bench_bare", messages);
        double wrapped = wrapped("bench_wrapped", messages);
        System.out.printf("bare pgjdbc PGReplicationStream: %,.0f changes/s%n", bare);
        System.out.printf("LogicalReplicationStream:        %,.0f changes/s%n", wrapped);
        System.out.printf("wrapper throughput / bare: %.2f%n", wrapped / bare);
        System.exit(0);
    }

    private static double bare(String slot, long messages) throws Exception {
        Properties props = new Properties();
        PGProperty.USER.set(props, ReplicationServer.USER);
        PGProperty.PASSWORD.set(props, "bench");
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.SSL_MODE.set(props, "disable");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:"
                + ReplicationServer.get().getPort() + "/postgres", props)) {
            long start = System.nanoTime();
            PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                    .logical().withSlotName(slot).start();
            for (long n = 0; n < messages; n++) {
                stream.read();
                stream.setAppliedLSN(stream.getLastReceiveLSN());
                stream.setFlushedLSN(stream.getLastReceiveLSN());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            stream.close();
            return messages / seconds;
        }
    }

    private static double wrapped(String slot, long messages) throws Exception {
        AtomicLong count = new AtomicLong();
        IamAuthTokens tokens = IamAuthTokens.builder().generator(e -> "bench").build();
        LogicalReplicationStream stream = LogicalReplicationStream.builder()
                .connections(ReplicationServer.connections(tokens)).slot(slot)
                .handler(change -> count.incrementAndGet()).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<?> running = pool.submit(stream::run);
            while (count.get() < messages) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            stream.close();
            running.get();
            return messages / seconds;
        } finally {
            pool.shutdownNow();
        }
    }
}
