package io.github.rdsiamreplication.client;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How long a slot holds WAL with no published change in it: a stream with the default options (10 s
 * status interval) on a quiet pgoutput publication while 50 MB are written to an unpublished table of a
 * local PostgreSQL 16. Prints the WAL written, the most retained at any sample, and the time from the end
 * of the writes until {@code pg_current_wal_lsn() - confirmed_flush_lsn} is below 1 MB. Run with
 * {@code mvn -B -pl replication-client -am -Pbench verify -DskipTests}.
 */
public final class RetainedWalBench {
    private RetainedWalBench() {
    }

    /**
     * @param args optional: megabytes to write (default 50)
     * @throws Exception when streaming fails
     */
    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String slot = "bench_retained";
        ReplicationServer.get();
        ReplicationServer.sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                + "WHERE slot_name = '" + slot + "'",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        IamAuthTokens tokens = IamAuthTokens.builder().generator(new ReplicationServer.RotatingPasswords()).build();
        LogicalReplicationStream stream = LogicalReplicationStream.builder()
                .connections(ReplicationServer.connections(tokens)).slot(slot).pgoutput("items_pub")
                .handler(change -> { }).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> running = pool.submit(stream::run);
            long before = ReplicationServer.currentWal().asLong();
            long[] peak = new long[1];
            Future<?> sampler = pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak[0] = Math.max(peak[0], ReplicationServer.retainedWal(slot));
                    Thread.sleep(100);
                }
                return null;
            });
            ReplicationServer.writeUnpublished(megabytes);
            long written = ReplicationServer.currentWal().asLong() - before;
            long end = System.nanoTime();
            long retained = ReplicationServer.retainedWal(slot);
            long deadline = end + Duration.ofMinutes(2).toNanos();
            while (retained >= 1024 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                retained = ReplicationServer.retainedWal(slot);
            }
            long releasedMs = (System.nanoTime() - end) / 1_000_000;
            sampler.cancel(true);
            System.out.printf("wrote %.1f MB of unpublished WAL; most retained at a 100 ms sample: %.1f MB; "
                    + "retained below 1 MB %d ms after the writes ended (now %d bytes); %d keepalive advances%n",
                    written / 1048576.0, peak[0] / 1048576.0, releasedMs, retained, stream.keepaliveAdvances());
            stream.close();
            running.get();
        } finally {
            pool.shutdownNow();
        }
        System.exit(0);
    }
}
