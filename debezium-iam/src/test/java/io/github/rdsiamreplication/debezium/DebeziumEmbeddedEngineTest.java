package io.github.rdsiamreplication.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Debezium's own embedded engine (no Kafka) with the PostgreSQL connector and pgoutput, logging in through
 * {@link IamTokenConnectionFactory}. The credential changes at every connect (each token is a new password
 * on the role, so an old one would be refused) and the walsender is killed several times while writers
 * commit: every committed row must arrive.
 */
class DebeziumEmbeddedEngineTest {
    private static final String SLOT = "dbz_slot";
    private static final int WRITERS = 2;
    private static final int ROWS = 400;
    private static final int KILLS = 4;

    private static Properties connector() {
        Properties p = new Properties();
        p.setProperty("name", "iam-test");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "200");
        p.setProperty("topic.prefix", "test");
        p.setProperty("database.hostname", "localhost");
        p.setProperty("database.port", String.valueOf(DebeziumServer.get().getPort()));
        p.setProperty("database.user", DebeziumServer.USER);
        p.setProperty("database.dbname", "postgres");
        p.setProperty("database.connection.factory.class", IamTokenConnectionFactory.class.getName());
        p.setProperty("database.aws.region", "eu-west-1");
        p.setProperty("database.iam.token.provider", RotatingPasswordProvider.class.getName());
        p.setProperty("database.sslmode", "disable"); // the local test server has no TLS
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", SLOT);
        p.setProperty("publication.name", DebeziumServer.PUBLICATION);
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("table.include.list", "public.orders");
        p.setProperty("status.update.interval.ms", "200");
        // Restart quickly after a lost connection (defaults are 10 s), and never give up in this test.
        p.setProperty("retriable.restart.connector.wait.ms", "300");
        p.setProperty("errors.max.retries", "-1");
        p.setProperty("errors.retry.delay.initial.ms", "100");
        p.setProperty("errors.retry.delay.max.ms", "500");
        return p;
    }

    private static void write(int writer) throws Exception {
        try (Connection c = DebeziumServer.get().getPostgresDatabase().getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO public.orders VALUES (?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= ROWS; i++) {
                st.setLong(1, writer * 100_000L + i);
                st.setInt(2, writer);
                st.executeUpdate();
                if (i % 5 == 0) {
                    c.commit(); // transactions of 5 rows, interleaving with the other writer's
                    Thread.sleep(5);
                }
            }
            c.commit();
        }
    }

    /** Waits for a walsender on the slot that is not {@code previous}; @return its pid (0 when none came). */
    private static int awaitWalsender(int previous, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int pid = DebeziumServer.activeWalsender(SLOT);
            if (pid != 0 && pid != previous) {
                return pid;
            }
            Thread.sleep(50);
        }
        return 0;
    }

    @Test
    void everyCommittedChangeArrivesThroughKilledConnectionsAndRotatedCredentials() throws Exception {
        DebeziumServer.get();
        List<Long> received = new CopyOnWriteArrayList<>();
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(connector())
                .notifying(event -> {
                    Struct value = (Struct) event.record().value();
                    if (value != null && value.getStruct("after") != null) {
                        received.add(value.getStruct("after").getInt64("id"));
                    }
                })
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        int kills = 0;
        try {
            pool.execute(engine);
            int walsender = awaitWalsender(0, Duration.ofSeconds(60));
            assertThat(walsender).as("Debezium streams from its slot").isPositive();
            int tokensAtStart = RotatingPasswordProvider.ISSUED.size();

            List<Future<?>> writers = new ArrayList<>();
            for (int w = 1; w <= WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    write(writer);
                    return null;
                }));
            }
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(300);
                DebeziumServer.terminate(walsender);
                kills++;
                walsender = awaitWalsender(walsender, Duration.ofSeconds(60));
                assertThat(walsender).as("Debezium reconnected after kill %d", kills).isPositive();
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (new HashSet<>(received).size() < WRITERS * ROWS && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(RotatingPasswordProvider.ISSUED.size() - tokensAtStart)
                    .as("a new credential for every reconnect").isGreaterThanOrEqualTo(KILLS);
        } finally {
            engine.close();
            pool.shutdownNow();
        }

        Set<Long> expected = new HashSet<>();
        for (int w = 1; w <= WRITERS; w++) {
            for (int i = 1; i <= ROWS; i++) {
                expected.add(w * 100_000L + i);
            }
        }
        Set<Long> distinct = new HashSet<>(received);
        assertThat(kills).isEqualTo(KILLS);
        assertThat(distinct).as("every committed row arrived").isEqualTo(expected);
        assertThat(RotatingPasswordProvider.ISSUED).doesNotHaveDuplicates();
        System.out.printf("Debezium: %d rows committed, %d walsender kills, %d credentials issued, %d events "
                + "(%d duplicates)%n", expected.size(), kills, RotatingPasswordProvider.ISSUED.size(),
                received.size(), received.size() - distinct.size());
    }
}
