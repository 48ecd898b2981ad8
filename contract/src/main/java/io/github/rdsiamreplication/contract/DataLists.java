package io.github.rdsiamreplication.contract;

import java.util.List;

/**
 * How names are written into custom-resource {@code Data} values and log lines: a comma-separated list in
 * which a name holding a comma or a double quote is quoted CSV-style, cut to a size with a
 * {@code ...(+N more)} tail. Role names and client-chosen texts ({@code application_name}) come from any
 * database user, so what is written is made printable first: a name cannot start a new log line.
 */
final class DataLists {
    private static final String MORE = ",...(+";

    private DataLists() {
    }

    /**
     * @param name a role name or other text
     * @return the name, double-quoted with inner quotes doubled when it holds a comma or a double quote
     */
    static String csvQuote(String name) {
        return name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }

    /**
     * @param text any text from the database
     * @return the text with control characters, Unicode line and paragraph separators and bidirectional
     *     overrides written as {@code \}{@code uXXXX}, so it stays on one line and reads as it is stored
     */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (escape) {
                String hex = Integer.toHexString(c);
                out.append("\\u").append("0000", hex.length(), 4).append(hex);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * @param entries texts to list, in order (made printable and CSV-quoted here)
     * @param maxJsonBytes the most the list may take as a JSON string value in UTF-8, quotes excluded
     * @return the entries joined by commas; when they do not all fit, as many as fit and
     *     {@code ,...(+N more)}
     */
    static String joinCapped(List<String> entries, int maxJsonBytes) {
        StringBuilder joined = new StringBuilder();
        int used = 0;
        for (int i = 0; i < entries.size(); i++) {
            String next = (i == 0 ? "" : ",") + csvQuote(printable(entries.get(i)));
            int size = jsonBytes(next);
            String tail = MORE + (entries.size() - i) + " more)";
            boolean last = i == entries.size() - 1;
            if (used + size + (last ? 0 : jsonBytes(tail)) > maxJsonBytes) {
                return i == 0 ? tail.substring(1) : joined + tail;
            }
            joined.append(next);
            used += size;
        }
        return joined.toString();
    }

    /**
     * @param text a string value
     * @return its size in bytes inside a JSON document in UTF-8, as {@code JSON.stringify} writes it (the
     *     CDK Provider framework sends the response to CloudFormation with it): {@code "} and {@code \}
     *     escaped, control characters as six-byte escapes, everything else raw
     */
    static int jsonBytes(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                bytes += 6;
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is 4 bytes in UTF-8: 2 per half
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
