package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlIdentifiersTest {
    @Test
    void quotingDoublesQuotesAndKeepsEverythingElse() {
        assertThat(SqlIdentifiers.quote("a\"b c")).isEqualTo("\"a\"\"b c\"");
        assertThat(SqlIdentifiers.quote("Ünï")).isEqualTo("\"Ünï\"");
    }
}
