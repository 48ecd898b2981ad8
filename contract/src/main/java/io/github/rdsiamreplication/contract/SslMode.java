package io.github.rdsiamreplication.contract;

import java.util.StringJoiner;

/** TLS for the handler's database connection; the value of the {@code SslMode} property. */
public enum SslMode {
    /** Encrypt, check the server certificate against the RDS CA bundle and the host name. Default. */
    VERIFY_FULL("verify-full"),
    /** Encrypt, but do not check the server certificate. */
    REQUIRE("require"),
    /** No TLS at all: only for tests against a local server. */
    DISABLE("disable");

    private final String propertyValue;

    SslMode(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** @return the value used in the custom resource properties and by pgjdbc, e.g. {@code verify-full} */
    public String propertyValue() {
        return propertyValue;
    }

    /**
     * @param value a property value such as {@code verify-full}
     * @return the matching mode
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SslMode fromPropertyValue(String value) {
        StringJoiner accepted = new StringJoiner(", ");
        for (SslMode mode : values()) {
            if (mode.propertyValue.equals(value)) {
                return mode;
            }
            accepted.add(mode.propertyValue);
        }
        throw new IllegalArgumentException("SslMode is '" + value + "'; use one of " + accepted);
    }
}
