package io.github.rdsiamreplication.client;

import io.github.rdsiamreplication.contract.Backoff;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Streams changes from a logical replication slot to a handler, acknowledging each change once the
 * handler returns, and survives broken connections: it reconnects with backoff through
 * {@link ReplicationConnections} (so with a fresh IAM token) and resumes from the slot. No committed
 * change is lost; a change may be delivered again, and {@link Change#possiblyRedelivered()} says so.
 *
 * <p>The slot never holds back WAL for changes that are not published: when the server reports (in a
 * keepalive) that it has sent everything up to a position, and every change handed to the handler has
 * returned, the stream confirms that position itself (pgjdbc's own "automatic flush" is switched off, so
 * this does not depend on the driver's defaults). A quiet publication on a busy database therefore
 * retains about one {@linkplain Builder#statusInterval status interval} of WAL, not everything since the
 * last published change.
 *
 * <p>{@link #run()} blocks until {@link #close()} is called (from another thread) or the stream fails
 * for good. Metrics are safe to read from any thread.
 */
public final class LogicalReplicationStream implements AutoCloseable {
    /** Handles one change; the change is acknowledged only after it returns. */
    @FunctionalInterface
    public interface ChangeHandler {
        /**
         * @param change the change
         * @throws Exception to stop the stream without acknowledging this change
         */
        void handle(Change change) throws Exception;
    }

    private final ReplicationConnections connections;
    private final String slot;
    private final Map<String, String> pluginOptions;
    private final String publication;
    private final ChangeHandler handler;
    private final Duration statusInterval;
    private final int acknowledgeEvery;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxConsecutiveFailures;
    private final Duration closeTimeout;
    private final Consumer<String> log;

    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong lastAcknowledged = new AtomicLong();
    private final AtomicLong lastReceived = new AtomicLong();
    private final AtomicLong keepaliveAdvances = new AtomicLong();
    private volatile boolean closed;
    private volatile Thread runner;
    private long highestDelivered;
    private long startWal = -1;
    /** The last connection delivered a change or streamed for a while: its failure starts a new count. */
    private boolean progressed;

    /** A connection that stayed up this long made progress, even without changes to deliver. */
    static final Duration STABLE_CONNECTION = Duration.ofSeconds(30);

    private LogicalReplicationStream(Builder b) {
        this.connections = Objects.requireNonNull(b.connections, "connections is required");
        this.slot = Objects.requireNonNull(b.slot, "slot is required");
        this.handler = Objects.requireNonNull(b.handler, "handler is required");
        this.pluginOptions = Collections.unmodifiableMap(new TreeMap<>(b.pluginOptions));
        this.publication = b.publication;
        this.statusInterval = b.statusInterval;
        this.acknowledgeEvery = b.acknowledgeEvery;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxConsecutiveFailures = b.maxConsecutiveFailures;
        this.closeTimeout = b.closeTimeout;
        this.log = b.log;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how many times the stream reconnected after a broken connection */
    public long reconnects() {
        return reconnects.get();
    }

    /** @return the last LSN the handler finished with (acknowledged to the server at the status interval) */
    public LogSequenceNumber lastAcknowledgedLsn() {
        return LogSequenceNumber.valueOf(lastAcknowledged.get());
    }

    /**
     * @return how many times the stream confirmed a position a server keepalive reported, past the last
     *     handled change (WAL with no published change in it, released so the slot does not retain it)
     */
    public long keepaliveAdvances() {
        return keepaliveAdvances.get();
    }

    /** @return bytes of WAL received from the server but not yet acknowledged */
    public long lagBytes() {
        return Math.max(0, lastReceived.get() - lastAcknowledged.get());
    }

    /**
     * Streams until {@link #close()}.
     *
     * @throws ReplicationException when the slot or publication does not exist, the login is refused even
     *     with a new token, the handler throws, or {@code maxConsecutiveFailures} reconnects failed in a row
     */
    public void run() {
        runner = Thread.currentThread();
        try {
            runUntilClosed();
        } finally {
            runner = null;
        }
    }

    private void runUntilClosed() {
        int failures = 0;
        Backoff backoff = Backoff.withEqualJitter(initialBackoff, maxBackoff, () -> ThreadLocalRandom.current().nextDouble());
        while (!closed) {
            boolean received;
            try {
                received = streamOnce();
            } catch (PermanentFailure e) {
                throw new ReplicationException(e.getMessage(), e.getCause());
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (progressed) {
                    failures = 0;
                    backoff.reset();
                }
                if (e instanceof SQLException sql && isPermanent(sql)) {
                    throw new ReplicationException("replication from slot '" + slot + "' at "
                            + connections.endpoint() + " failed: " + sql.getMessage() + " (SQLState "
                            + sql.getSQLState() + "); retrying cannot fix this", sql);
                }
                failures++;
                if (failures >= maxConsecutiveFailures) {
                    throw new ReplicationException("replication from slot '" + slot + "' at "
                            + connections.endpoint() + " failed " + failures + " times in a row; last error: "
                            + e.getMessage(), e);
                }
                Duration wait = backoff.next();
                log.accept("replication connection lost (" + e.getMessage() + "); reconnecting in "
                        + wait.toMillis() + " ms");
                sleepUnlessClosed(wait);
                reconnects.incrementAndGet();
                continue;
            }
            if (received) {
                failures = 0;
                backoff.reset();
            }
        }
    }

    /** @return whether at least one change was handled; returns normally only when closed */
    private boolean streamOnce() throws SQLException {
        progressed = false;
        PGConnection connection = connections.open();
        Connection jdbc = (Connection) connection;
        boolean received = false;
        int unsent = 0;
        try {
            checkSlotAndPublication(jdbc);
            PGReplicationStream stream = connection.getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot)
                    .withSlotOptions(slotOptions())
                    .withStatusInterval((int) statusInterval.toMillis(), TimeUnit.MILLISECONDS)
                    .withAutomaticFlush(false) // confirmKeepalivePosition below does this, as a rule of ours
                    .start();
            long stableAt = System.nanoTime() + STABLE_CONNECTION.toNanos();
            while (!closed) {
                if (!progressed && System.nanoTime() - stableAt > 0) {
                    progressed = true;
                }
                ByteBuffer message = stream.readPending();
                if (message == null) {
                    confirmKeepalivePosition(stream);
                    sleep(Duration.ofMillis(5));
                    continue;
                }
                LogSequenceNumber lsn = stream.getLastReceiveLSN();
                long position = lsn.asLong();
                lastReceived.accumulateAndGet(position, Math::max);
                boolean redelivered = position <= highestDelivered || position <= startWal;
                try {
                    handler.handle(new Change(lsn, message, redelivered));
                } catch (Exception e) {
                    throw new PermanentFailure("the change handler failed at " + lsn + "; the change was not "
                            + "acknowledged and will be delivered again on the next run", e);
                }
                received = true;
                progressed = true;
                highestDelivered = Math.max(highestDelivered, position);
                stream.setAppliedLSN(lsn);
                stream.setFlushedLSN(lsn);
                lastAcknowledged.accumulateAndGet(position, Math::max);
                if (++unsent >= acknowledgeEvery) {
                    stream.forceUpdateStatus();
                    unsent = 0;
                }
            }
            stream.forceUpdateStatus();
            stream.close();
            return received;
        } finally {
            closeQuietly(jdbc);
        }
    }

    /**
     * Called when nothing is waiting to be read. The handler runs on this thread, so no change handed to it
     * is unacknowledged; the last received position is then either the last handled change or a position a
     * server keepalive reported as sent: everything up to it was delivered. Confirming it lets the server
     * release WAL that held no published change (sent to the server at the next status interval).
     */
    private void confirmKeepalivePosition(PGReplicationStream stream) {
        long server = stream.getLastReceiveLSN().asLong();
        if (server > stream.getLastFlushedLSN().asLong()) {
            LogSequenceNumber position = LogSequenceNumber.valueOf(server);
            stream.setAppliedLSN(position);
            stream.setFlushedLSN(position);
            lastReceived.accumulateAndGet(server, Math::max);
            lastAcknowledged.accumulateAndGet(server, Math::max);
            keepaliveAdvances.incrementAndGet();
        }
    }

    private Properties slotOptions() {
        Properties options = new Properties();
        options.putAll(pluginOptions);
        return options;
    }

    /** Clear errors before streaming, and the WAL end at first start (for {@link Change#possiblyRedelivered}). */
    private void checkSlotAndPublication(Connection jdbc) throws SQLException {
        try (PreparedStatement st = jdbc.prepareStatement(
                "SELECT plugin, (SELECT pg_current_wal_lsn()) FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new PermanentFailure("replication slot '" + slot + "' does not exist in database '"
                            + connections.database() + "' at " + connections.endpoint() + "; create it with "
                            + "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')", null);
                }
                if (startWal < 0) {
                    startWal = LogSequenceNumber.valueOf(rs.getString(2)).asLong();
                }
            }
        }
        if (publication != null) {
            try (PreparedStatement st = jdbc.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
                st.setString(1, publication);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw new PermanentFailure("publication '" + publication + "' does not exist in database '"
                                + connections.database() + "'; create it with CREATE PUBLICATION", null);
                    }
                }
            }
        }
    }

    /** Login refused after a retry with a new token, permission denied, objects that do not exist. */
    static boolean isPermanent(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return ReplicationConnections.isLoginRefused(e) || state.equals("42501") || state.equals("42704")
                || state.equals("3D000") || state.equals("55000");
    }

    /**
     * Stops {@link #run()}: waits up to the {@linkplain Builder#closeTimeout close timeout} for the handler
     * call in progress to return, acknowledges everything handled and closes the connection. When the wait
     * runs out, this returns while that call goes on: {@code run()} still acknowledges it and returns once
     * it completes, but if the process ends first its change was not acknowledged and is delivered again
     * (flagged {@link Change#possiblyRedelivered()}) on the next start. Called from the handler itself, it
     * does not wait: the stream stops after the handler returns.
     */
    @Override
    public void close() {
        closed = true;
        Thread running = runner;
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        while (runner != null && System.nanoTime() - deadline < 0) {
            sleep(Duration.ofMillis(5));
        }
    }

    /** @return whether {@link #run()} is still going (e.g. after {@link #close()} ran out of time) */
    public boolean isRunning() {
        return runner != null;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    /** Sleeps in short slices, so that {@link #close()} need not wait for a long reconnect backoff. */
    private void sleepUnlessClosed(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!closed && System.nanoTime() - deadline < 0) {
            sleep(Duration.ofMillis(Math.min(20, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicationException("interrupted", e);
        }
    }

    /** A failure no reconnect can fix. */
    private static final class PermanentFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Builds {@link LogicalReplicationStream}. */
    public static final class Builder {
        private ReplicationConnections connections;
        private String slot;
        private final Map<String, String> pluginOptions = new TreeMap<>();
        private String publication;
        private ChangeHandler handler;
        private Duration statusInterval = Duration.ofSeconds(10);
        private int acknowledgeEvery = 1000;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private int maxConsecutiveFailures = 10;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Consumer<String> log = line -> { };

        private Builder() {
        }

        /** @param connections how to connect (required) @return this */
        public Builder connections(ReplicationConnections connections) {
            this.connections = connections;
            return this;
        }

        /** @param slot the logical replication slot (required; it must exist) @return this */
        public Builder slot(String slot) {
            this.slot = slot;
            return this;
        }

        /**
         * Decodes with pgoutput: sets {@code proto_version=1} and {@code publication_names}.
         *
         * @param publication the publication (it must exist)
         * @return this
         */
        public Builder pgoutput(String publication) {
            this.publication = Objects.requireNonNull(publication, "publication");
            pluginOptions.put("proto_version", "1");
            pluginOptions.put("publication_names", publication);
            return this;
        }

        /**
         * @param name an option of the slot's output plugin (e.g. test_decoding's {@code include-xids})
         * @param value its value
         * @return this
         */
        public Builder pluginOption(String name, String value) {
            pluginOptions.put(name, value);
            return this;
        }

        /** @param handler receives each change (required) @return this */
        public Builder handler(ChangeHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * @param statusInterval how often acknowledgements are sent to the server (also a keepalive); changes
         *     handled since the last one are delivered again after a broken connection. Default: 10 seconds
         * @return this
         */
        public Builder statusInterval(Duration statusInterval) {
            this.statusInterval = Objects.requireNonNull(statusInterval, "statusInterval");
            return this;
        }

        /**
         * @param changes send the acknowledgement to the server after this many handled changes, besides
         *     every status interval: after a broken connection at most about this many changes come again.
         *     Default: 1000
         * @return this
         */
        public Builder acknowledgeEvery(int changes) {
            if (changes < 1) {
                throw new IllegalArgumentException("acknowledgeEvery must be at least 1");
            }
            this.acknowledgeEvery = changes;
            return this;
        }

        /**
         * Reconnect waits: the step starts at {@code initial} and doubles up to {@code max}; each wait is drawn
         * at random between half the step and the step (jitter), so consumers that lost their connections
         * together (a failover) do not reconnect in lockstep.
         *
         * @param initial first step, more than zero. Default: 200 ms
         * @param max the largest step, at least {@code initial}. Default: 10 seconds
         * @return this
         */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial " + initial
                        + " and max " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * @param failures reconnects that may fail in a row before {@link #run()} gives up; a connection that
         *     delivered a change or stayed up for 30 seconds starts the count again. Default: 10
         * @return this
         */
        public Builder maxConsecutiveFailures(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1");
            }
            this.maxConsecutiveFailures = failures;
            return this;
        }

        /**
         * @param timeout how long {@link LogicalReplicationStream#close()} waits for the handler call in
         *     progress to return (then it is acknowledged). When it runs out, close() returns and that change
         *     is acknowledged only if the handler returns before the process ends; otherwise it is delivered
         *     again on the next start. Zero does not wait. Default: 30 seconds
         * @return this
         */
        public Builder closeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must be zero or more, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * @param log receives reconnect messages (never a token or password). Default: nothing is logged
         * @return this
         */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** @return the stream; call {@link LogicalReplicationStream#run()} to start it */
        public LogicalReplicationStream build() {
            return new LogicalReplicationStream(this);
        }
    }
}
