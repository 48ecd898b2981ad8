package io.github.rdsiamreplication.contract;

/**
 * Where a connection goes: host, port and database, each checked for what it is before anything is
 * read, signed or sent. Every part travels to pgjdbc as its own property ({@link PgjdbcSettings}), never
 * as URL text, and the checks make sure no part can carry anything else (a port, a path, a query
 * string, a second host, a zone id, white space):
 *
 * <ul>
 *   <li>host: a DNS host name of letters, digits and hyphens in dot-separated labels (RFC 1123: each
 *       label 1-63 characters, neither starting nor ending with a hyphen, 253 in all, the last label not
 *       all digits), or an IPv4 address in dotted-quad form ({@code 10.0.1.7}), or an IPv6 address,
 *       bracketed or not ({@code 2001:db8::7}, {@code [2001:db8::7]}, {@code ::ffff:10.0.1.7});</li>
 *   <li>port: a whole number from 1 to 65535;</li>
 *   <li>database: a PostgreSQL identifier of ASCII letters, digits and underscores, starting with a
 *       letter or underscore, at most 63 characters.</li>
 * </ul>
 *
 * <p>A refusal names the property (as the caller calls it, see {@link #named}), shows the refused
 * value with control characters escaped, and says what to give instead.
 *
 * @param host the endpoint address, as given (an IPv6 address keeps or lacks its brackets)
 * @param port the TCP port
 * @param database the database to log into
 */
public record PostgresEndpoint(String host, int port, String database) {
    /** Longest host name DNS allows (RFC 1035, without the trailing dot). */
    static final int MAX_HOST_LENGTH = 253;
    /** Longest DNS label. */
    static final int MAX_LABEL_LENGTH = 63;
    /** Longest PostgreSQL identifier (NAMEDATALEN - 1). */
    static final int MAX_DATABASE_LENGTH = 63;
    /** How much of a refused value a message shows. */
    private static final int SHOWN = 80;

    private static final String HOST_REMEDY = "give only the endpoint address: a DNS host name such as "
            + "mydb.abc123.eu-west-1.rds.amazonaws.com, an IPv4 address such as 10.0.1.7 or an IPv6 address "
            + "such as 2001:db8::7, with no port, database, path or options";
    private static final String DATABASE_REMEDY = "give a database name of ASCII letters, digits and "
            + "underscores that starts with a letter or an underscore, at most " + MAX_DATABASE_LENGTH
            + " characters";

    /** Checks every part under the names {@code host}, {@code port} and {@code database}. */
    public PostgresEndpoint {
        checkHost("host", host);
        checkPort("port", port);
        checkDatabase("database", database);
    }

    /**
     * @param hostProperty how the caller names the host, e.g. {@code ResourceProperties.Host}
     * @param portProperty how the caller names the port
     * @param databaseProperty how the caller names the database
     * @return a maker of endpoints whose refusals use these names
     */
    public static Names named(String hostProperty, String portProperty, String databaseProperty) {
        return new Names(hostProperty, portProperty, databaseProperty);
    }

    /**
     * The property names a caller's refusals use.
     *
     * @param host the host property's name
     * @param port the port property's name
     * @param database the database property's name
     */
    public record Names(String host, String port, String database) {
        /**
         * @param hostValue the host
         * @param portValue the port
         * @param databaseValue the database
         * @return the endpoint
         * @throws IllegalArgumentException naming the first part that is not what it must be
         */
        public PostgresEndpoint of(String hostValue, int portValue, String databaseValue) {
            return new PostgresEndpoint(checkHost(host, hostValue), checkPort(port, portValue),
                    checkDatabase(database, databaseValue));
        }

        /**
         * @param hostValue the host
         * @param portText the port as text (digits only)
         * @param databaseValue the database
         * @return the endpoint
         * @throws IllegalArgumentException naming the first part that is not what it must be
         */
        public PostgresEndpoint parse(String hostValue, String portText, String databaseValue) {
            return new PostgresEndpoint(checkHost(host, hostValue), parsePort(port, portText),
                    checkDatabase(database, databaseValue));
        }
    }

    /** @return the host as pgjdbc's {@code PGHOST} takes it: an IPv6 address in brackets, as pgjdbc writes it */
    public String pgHost() {
        return host.indexOf(':') >= 0 && host.charAt(0) != '[' ? "[" + host + "]" : host;
    }

    /** @return {@code host:port/database}, for messages */
    @Override
    public String toString() {
        return pgHost() + ":" + port + "/" + database;
    }

    /**
     * @param property the property's name, for the message
     * @param value a host
     * @return {@code value}
     * @throws IllegalArgumentException when it is not a DNS host name, an IPv4 address or an IPv6 address
     */
    public static String checkHost(String property, String value) {
        String problem = hostProblem(value);
        if (problem != null) {
            throw refused(property, value, problem, HOST_REMEDY);
        }
        return value;
    }

    /**
     * @param property the property's name, for the message
     * @param value a port
     * @return {@code value}
     * @throws IllegalArgumentException when it is not from 1 to 65535
     */
    public static int checkPort(String property, int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(property + " is " + value + ": a TCP port is a whole number from 1 "
                    + "to 65535");
        }
        return value;
    }

    /**
     * @param property the property's name, for the message
     * @param text a port as text: 1 to 5 ASCII digits, nothing else (no sign, no white space)
     * @return the port
     * @throws IllegalArgumentException when it is not a whole number from 1 to 65535
     */
    public static int parsePort(String property, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(property + " is required: a TCP port from 1 to 65535");
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || i >= 5) {
                throw refused(property, text, i >= 5 ? "it is longer than a port" : "'" + shown(String.valueOf(c))
                        + "' at position " + (i + 1) + " is not a digit", "give a whole number from 1 to 65535");
            }
            port = port * 10 + (c - '0');
        }
        return checkPort(property, port);
    }

    /**
     * @param property the property's name, for the message
     * @param value a database name
     * @return {@code value}
     * @throws IllegalArgumentException when it is not an identifier of ASCII letters, digits and underscores
     */
    public static String checkDatabase(String property, String value) {
        String problem;
        if (value == null || value.isEmpty()) {
            problem = "it is empty";
        } else if (value.length() > MAX_DATABASE_LENGTH) {
            problem = "it has " + value.length() + " characters";
        } else {
            problem = null;
            for (int i = 0; i < value.length() && problem == null; i++) {
                char c = value.charAt(i);
                boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
                if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                    problem = "'" + shown(String.valueOf(c)) + "' at position " + (i + 1) + " cannot be "
                            + (i == 0 ? "its first character" : "part of it");
                }
            }
        }
        if (problem != null) {
            throw refused(property, value, problem, DATABASE_REMEDY);
        }
        return value;
    }

    /** @return why {@code value} is no host, or null when it is one */
    private static String hostProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                    || c == '.' || c == ':' || (c == '[' && i == 0) || (c == ']' && i == value.length() - 1);
            if (!allowed) {
                return "'" + shown(String.valueOf(c)) + "' at position " + (i + 1) + " cannot be part of a host";
            }
        }
        if (value.charAt(0) == '[' || value.charAt(value.length() - 1) == ']') {
            boolean enclosed = value.length() > 2 && value.charAt(0) == '[' && value.charAt(value.length() - 1) == ']';
            return enclosed && isIpv6(value.substring(1, value.length() - 1)) ? null
                    : "brackets enclose only an IPv6 address";
        }
        if (value.indexOf(':') >= 0) {
            return isIpv6(value) ? null : "it is not an IPv6 address, and a host name has no ':' (a port is given "
                    + "on its own, not after the host)";
        }
        return hostNameProblem(value);
    }

    /** RFC 1123 host names, and dotted-quad IPv4 addresses where the last label is all digits. */
    private static String hostNameProblem(String value) {
        if (value.length() > MAX_HOST_LENGTH) {
            return "it has " + value.length() + " characters; DNS allows " + MAX_HOST_LENGTH;
        }
        String[] labels = value.split("\\.", -1);
        if (isDigits(labels[labels.length - 1])) {
            return isIpv4(value) ? null : "it is not an IPv4 address (four numbers from 0 to 255, without leading "
                    + "zeros), and the last label of a host name is not all digits";
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return "it has an empty label (a leading, trailing or doubled '.')";
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                return "a label has " + label.length() + " characters; DNS allows " + MAX_LABEL_LENGTH;
            }
            if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return "a label starts or ends with '-'";
            }
        }
        return null;
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Four decimal numbers 0-255 joined by dots, without leading zeros (which some parsers read as octal). */
    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!isDigits(part) || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text forms of RFC 4291 section 2.2: eight groups of 1-4 hex digits, at most one {@code ::} for a
     * run of zero groups, and an IPv4 address in place of the last two groups. No zone id ({@code %eth0}).
     */
    static boolean isIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return groups(text, true) == 8;
        }
        String head = text.substring(0, gap);
        String tail = text.substring(gap + 2);
        int headGroups = head.isEmpty() ? 0 : groups(head, false);
        int tailGroups = tail.isEmpty() ? 0 : groups(tail, true);
        return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
    }

    /** @return how many 16-bit groups {@code text} holds (an IPv4 tail counts two), or -1 when malformed */
    private static int groups(String text, boolean ipv4TailAllowed) {
        String[] parts = text.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && part.indexOf('.') >= 0) {
                if (!isIpv4(part)) {
                    return -1;
                }
                count += 2;
            } else if (part.isEmpty() || part.length() > 4 || !isHex(part)) {
                return -1;
            } else {
                count++;
            }
        }
        return count;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException refused(String property, String value, String problem, String remedy) {
        return new IllegalArgumentException(property + " is refused ('" + shown(value) + "'): " + problem + "; "
                + remedy);
    }

    /** The value as a message may show it: control and non-ASCII characters escaped, long values cut. */
    static String shown(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < SHOWN; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (value.length() > SHOWN) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
