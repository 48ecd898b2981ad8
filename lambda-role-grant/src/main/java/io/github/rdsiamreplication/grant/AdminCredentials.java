package io.github.rdsiamreplication.grant;

/**
 * The admin user the handler logs in as. {@link #toString()} never shows the password.
 *
 * @param username the admin (RDS master) user
 * @param password its password
 */
public record AdminCredentials(String username, String password) {
    @Override
    public String toString() {
        return "AdminCredentials[username=" + username + ", password=****]";
    }

    /**
     * @param text any text about to be logged or thrown
     * @return the text with every occurrence of the password replaced by {@code ****}
     */
    public String redact(String text) {
        if (text == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "****");
    }
}
