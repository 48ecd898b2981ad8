package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresVersionsTest {
    @Test
    void majorAndMinorAreReadFromCdkVersionStrings() {
        assertThat(PostgresVersions.major("16")).isEqualTo(16);
        assertThat(PostgresVersions.major("9.6")).isEqualTo(9);
        assertThat(PostgresVersions.minor("14.8")).isEqualTo(8);
        assertThat(PostgresVersions.minor("16.4.R2")).isEqualTo(4);
        assertThat(PostgresVersions.minor("16")).isEqualTo(-1);
    }

    @Test
    void multiAzLogicalReplicationNeeds14Point8Or15Point3Or16() {
        assertThat(PostgresVersions.multiAzProblem("14.8")).isEmpty();
        assertThat(PostgresVersions.multiAzProblem("14.12")).isEmpty();
        assertThat(PostgresVersions.multiAzProblem("15.3")).isEmpty();
        assertThat(PostgresVersions.multiAzProblem("16")).isEmpty();
        assertThat(PostgresVersions.multiAzProblem("14.7")).get().asString().contains("14.8, 15.3, 16");
        assertThat(PostgresVersions.multiAzProblem("15")).get().asString().contains("give the minor version, e.g. 15.3");
        assertThat(PostgresVersions.multiAzProblem("13.14")).isPresent();
        assertThat(PostgresVersions.multiAzProblem("latest")).get().asString().contains("not a PostgreSQL version");
        assertThat(PostgresVersions.multiAzProblem(null)).get().asString().contains("no engineVersion");
    }
}
