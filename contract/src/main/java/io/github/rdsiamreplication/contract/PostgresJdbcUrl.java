package io.github.rdsiamreplication.contract;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The pgjdbc URL of one database: never with credentials in it (drivers may echo URLs in messages). */
public final class PostgresJdbcUrl {
    private PostgresJdbcUrl() {
    }

    /**
     * @param host a host name, an IPv4 address or an IPv6 address (bracketed here when it is not yet)
     * @param port the port
     * @param database the database name (URL-encoded here)
     * @return {@code jdbc:postgresql://host:port/database}
     */
    public static String of(String host, int port, String database) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a JDBC URL needs a host");
        }
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("a JDBC URL needs a database name");
        }
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }
}
