package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.RoleNameRules;

/** The one place that turns a name into SQL: every identifier in every statement goes through here. */
public final class SqlIdentifiers {
    private SqlIdentifiers() {
    }

    /**
     * Quotes a PostgreSQL identifier: wraps it in double quotes and doubles any double quote inside,
     * so the name is taken exactly as given (case, spaces, quotes, non-ASCII) and cannot end the
     * identifier early.
     *
     * @param name an identifier already checked by {@link RoleNameRules}
     * @return the quoted identifier
     */
    public static String quote(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier cannot contain the NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
