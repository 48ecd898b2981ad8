package io.github.rdsiamreplication.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.testfixtures.LogicalReplicationServer;
import io.github.rdsiamreplication.testfixtures.TestCa;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.connect.runtime.isolation.DelegatingClassLoader;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Connect plugin archive this module builds, installed the way its README says: Debezium's own
 * published plugin archive of the PostgreSQL connector is unpacked into a plugin path, this archive into the
 * connector's directory. Kafka Connect's own class loaders are then built over it as a worker builds them
 * ({@link PluginUtils#pluginUrls}, a child-first {@link PluginClassLoader} per plugin directory, a
 * {@link DelegatingClassLoader} above them, and a worker class loader with only Kafka and SLF4J: neither
 * Debezium nor this module), and Debezium's own {@code Instantiator} makes the factory through the
 * connector's loader set as the thread's context class loader, as Debezium's {@code JdbcConnection} does for
 * {@code database.connection.factory.class}. The factory then signs a real IAM token with the AWS SDK from
 * the archive and opens a replication connection to a TLS PostgreSQL (verify-full against a test CA).
 */
class KafkaConnectPluginArchiveIT {
    private static final String FACTORY = IamTokenConnectionFactory.class.getName();
    private static final String USER = "plugin_user";
    private static TestCa ca;
    private static EmbeddedPostgres tls;

    @TempDir
    static Path pluginPath;

    @BeforeAll
    static void install() throws Exception {
        untar(Path.of(System.getProperty("debeziumPluginArchive")), pluginPath);
        unzip(Path.of(System.getProperty("pluginArchive")), pluginPath.resolve("debezium-connector-postgres"));

        ca = TestCa.create();
        // The token is signed for real but not checked here: other tests check tokens.
        tls = LogicalReplicationServer.configure(ca.postgres(), "local all all trust",
                "host all postgres 127.0.0.1/32 trust", "hostssl all " + USER + " 127.0.0.1/32 trust",
                "hostssl all " + USER + " ::1/128 trust").start();
        try (Connection c = tls.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + USER + " LOGIN REPLICATION");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        tls.close();
    }

    @Test
    void theArchiveHoldsTheFactoryItsLibrariesAndTheSdkButNothingTheConnectorOrTheWorkerShips() throws IOException {
        Path installed = pluginPath.resolve("debezium-connector-postgres").resolve("rds-iam-replication-debezium");
        Set<String> ours = jarNames(installed);
        Set<String> debeziums = jarNames(pluginPath.resolve("debezium-connector-postgres"));

        assertThat(ours).anyMatch(name -> name.startsWith("rds-iam-replication-debezium-"))
                .anyMatch(name -> name.startsWith("rds-iam-replication-client-"))
                .anyMatch(name -> name.startsWith("rds-iam-replication-contract-"))
                .anyMatch(name -> name.startsWith("rds-2."))
                .anyMatch(name -> name.startsWith("auth-2."))
                .noneMatch(name -> name.startsWith("postgresql-") || name.startsWith("slf4j-")
                        || name.startsWith("debezium-") || name.startsWith("kafka-") || name.startsWith("connect-")
                        || name.startsWith("checker-qual-"));
        assertThat(debeziums).as("Debezium's own plugin ships the driver").anyMatch(n -> n.startsWith("postgresql-"));
        assertThat(installed.resolve("README.txt")).content().contains("INTO the directory of the "
                + "debezium-connector-postgres plugin");
    }

    @Test
    void debeziumMakesTheFactoryThroughTheConnectorsLoaderAndItOpensAReplicationConnection() throws Exception {
        PluginClassLoader connector = pluginLoader(pluginPath.resolve("debezium-connector-postgres"));

        Object factory = asDebezium(connector, () -> instantiate(connector));

        assertThat(factory.getClass().getName()).isEqualTo(FACTORY);
        assertThat(factory.getClass().getClassLoader()).as("loaded from the plugin, not the worker").isSameAs(connector);
        assertThat(connector.loadClass("software.amazon.awssdk.services.rds.RdsUtilities").getClassLoader())
                .isSameAs(connector);
        assertThat(connector.loadClass("org.postgresql.Driver").getClassLoader()).as("Debezium's driver")
                .isSameAs(connector);

        String previousKey = System.getProperty("aws.accessKeyId");
        String previousSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        try (Connection connection = asDebezium(connector, () -> connect(connector, factory));
                Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(2)).as("timeline").isEqualTo(1);
        } finally {
            restore("aws.accessKeyId", previousKey);
            restore("aws.secretAccessKey", previousSecret);
        }
    }

    /**
     * Installed as a plugin of its own, next to the connector's directory, the factory is not visible to the
     * connector (Debezium fails with its own message), and its own loader cannot even define it (Debezium's
     * interface is not visible from there). This is why the archive goes into the connector's directory.
     */
    @Test
    void besideTheConnectorAsAPluginOfItsOwnDebeziumCannotFindTheFactory(@TempDir Path separate) throws Exception {
        untar(Path.of(System.getProperty("debeziumPluginArchive")), separate);
        unzip(Path.of(System.getProperty("pluginArchive")), separate);
        PluginClassLoader connector = pluginLoader(separate.resolve("debezium-connector-postgres"));
        PluginClassLoader ours = pluginLoader(separate.resolve("rds-iam-replication-debezium"));
        assertThatThrownBy(() -> ours.loadClass(FACTORY)).isInstanceOf(NoClassDefFoundError.class)
                .hasMessage("io/debezium/jdbc/JdbcConnection$ConnectionFactory");

        assertThatThrownBy(() -> asDebezium(connector, () -> instantiate(connector)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unable to find class " + FACTORY);
    }

    /** As Kafka Connect's worker: Kafka and SLF4J only, then the delegating loader, then the plugin's own. */
    private static PluginClassLoader pluginLoader(Path pluginDirectory) throws IOException {
        List<URL> worker = new ArrayList<>();
        for (String jar : System.getProperty("kafkaJars").split(",")) {
            worker.add(Path.of(jar).toUri().toURL());
        }
        ClassLoader workerLoader = new URLClassLoader(worker.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        DelegatingClassLoader delegating = new DelegatingClassLoader(workerLoader);
        List<URL> urls = new ArrayList<>();
        for (Path path : PluginUtils.pluginUrls(pluginDirectory)) {
            urls.add(path.toUri().toURL());
        }
        return new PluginClassLoader(pluginDirectory.toUri().toURL(), urls.toArray(URL[]::new), delegating);
    }

    /** What Debezium's JdbcConnection does with database.connection.factory.class, through its own classes. */
    private static Object instantiate(ClassLoader connector) throws Exception {
        Method getInstance = connector.loadClass("io.debezium.config.Instantiator").getMethod("getInstance", String.class);
        return unwrap(() -> getInstance.invoke(null, FACTORY));
    }

    /** The factory's connect with the configuration Debezium's replication connection hands it. */
    private static Connection connect(ClassLoader connector, Object factory) throws Exception {
        Properties database = new Properties();
        database.setProperty("hostname", "localhost");
        database.setProperty("port", String.valueOf(tls.getPort()));
        database.setProperty("user", USER);
        database.setProperty("dbname", "postgres");
        database.setProperty("sslmode", "verify-full");
        database.setProperty("sslrootcert", ca.caCertificate().toString());
        database.setProperty("aws.region", "eu-west-1");
        database.setProperty("replication", "database");
        database.setProperty("preferQueryMode", "simple");
        Class<?> configuration = connector.loadClass("io.debezium.config.Configuration");
        Class<?> jdbcConfiguration = connector.loadClass("io.debezium.jdbc.JdbcConfiguration");
        Object config = configuration.getMethod("from", Properties.class).invoke(null, database);
        Object jdbc = jdbcConfiguration.getMethod("adapt", configuration).invoke(null, config);
        Method connect = connector.loadClass("io.debezium.jdbc.JdbcConnection$ConnectionFactory")
                .getMethod("connect", jdbcConfiguration);
        return (Connection) unwrap(() -> connect.invoke(factory, jdbc));
    }

    /** Runs with the connector's loader as the thread's context class loader, as a Connect task runs. */
    private static <T> T asDebezium(ClassLoader connector, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(connector);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Object unwrap(Callable<Object> call) throws Exception {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static Set<String> jarNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** {@code unzip ARCHIVE -d TARGET}, refusing entries that would land outside the target. */
    private static void unzip(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        }
    }

    /** {@code tar xzf ARCHIVE -C TARGET}: the JDK reads no tar, the build machine has tar. */
    private static void untar(Path archive, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", target.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = tar.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar xzf " + archive + " failed: " + output);
        }
    }
}
