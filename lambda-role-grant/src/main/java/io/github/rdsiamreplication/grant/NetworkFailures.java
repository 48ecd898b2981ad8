package io.github.rdsiamreplication.grant;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Tells a database that is not there (nothing answers on the network) from one that answers and says
 * no. Only the first may be retried until the deadline and, on Delete, forgiven: a refused login, a
 * TLS certificate that does not match or a missing database are faults to fix, not a database that is
 * gone.
 */
final class NetworkFailures {
    /** SQLState "the database system is starting up": worth a retry, but the server is there. */
    static final String STARTING_UP = "57P03";

    private NetworkFailures() {
    }

    /**
     * @param e a failed connection attempt
     * @return true when nothing answered: connection refused or reset, no route, unknown host, a
     *     connect or login timeout
     */
    static boolean isNetwork(SQLException e) {
        if ("08001".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("timed out")) {
            return true; // pgjdbc's loginTimeout: "Connection attempt timed out."
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof UnknownHostException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param e a failed connection attempt
     * @return true when another attempt may succeed: the network, or a server still starting up
     */
    static boolean isRetryable(SQLException e) {
        return isNetwork(e) || STARTING_UP.equals(e.getSQLState());
    }

    /**
     * @param sqlState the SQLState of a refused connection
     * @return what to fix for it
     */
    static String remedy(String sqlState) {
        if ("28P01".equals(sqlState) || "28000".equals(sqlState)) {
            return "The server refused the admin login: make the admin secret hold the current username and "
                    + "password of the master user (after a password rotation or a change outside the secret, "
                    + "update the secret), and check that the master user does not log in with IAM";
        }
        if ("3D000".equals(sqlState)) {
            return "The database does not exist on this server";
        }
        return "The server answered but refused the connection: check the SslMode (a certificate for another "
                + "host name, or a CA outside the trusted bundle, is refused by verify-full) and the server's "
                + "pg_hba rules";
    }
}
