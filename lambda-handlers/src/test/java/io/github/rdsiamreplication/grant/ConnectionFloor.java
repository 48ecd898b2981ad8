package io.github.rdsiamreplication.grant;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The floor for cold-start measurements: a fresh JVM that only opens one pgjdbc connection and runs
 * one query, on the handler jar's pgjdbc. Bench code: not in the handler jar.
 * {@code FLOOR_URL}, {@code FLOOR_USER}, {@code FLOOR_PASSWORD} and {@code FLOOR_SSLMODE} (default
 * {@code disable}) come from the environment.
 */
public final class ConnectionFloor {
    private ConnectionFloor() {
    }

    /**
     * @param args unused
     * @throws Exception when the connection or the query fails
     */
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", System.getenv("FLOOR_USER"));
        props.setProperty("password", System.getenv("FLOOR_PASSWORD"));
        String sslMode = System.getenv("FLOOR_SSLMODE");
        props.setProperty("sslmode", sslMode == null ? "disable" : sslMode);
        try (Connection connection = DriverManager.getConnection(System.getenv("FLOOR_URL"), props);
                Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            System.out.println("floor: " + rs.getInt(1));
        }
    }
}
