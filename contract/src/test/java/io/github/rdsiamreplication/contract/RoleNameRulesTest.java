package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleNameRulesTest {
    @Test
    void anyCharactersButNulFitWithinSixtyThreeBytes() {
        assertThat(RoleNameRules.problemWith("Debezium Reader \"eu\" ✓")).isEmpty();
        assertThat(RoleNameRules.problemWith("x".repeat(63))).isEmpty();
        assertThat(RoleNameRules.problemWith("x".repeat(64))).get().asString().contains("64 bytes");
        assertThat(RoleNameRules.problemWith("ü".repeat(32))).get().asString().contains("64 bytes in UTF-8");
        assertThat(RoleNameRules.problemWith("a\0b")).get().asString().contains("NUL");
    }

    @Test
    void reservedNamesAreRefused() {
        assertThat(RoleNameRules.problemWith("pg_monitor")).get().asString().contains("PostgreSQL reserves");
        assertThat(RoleNameRules.problemWith("RDSadmin")).get().asString().contains("Amazon RDS reserves");
        assertThat(RoleNameRules.problemWith("PUBLIC")).get().asString().contains("reserved word");
        assertThat(RoleNameRules.problemWith("rdbms_user")).isEmpty();
    }

    @Test
    void listsAreCheckedForDuplicatesAndTheAdmin() {
        assertThat(RoleNameRules.problemsWith(List.of(), "admin")).singleElement().asString().contains("at least one");
        assertThat(RoleNameRules.problemsWith(List.of("a", "admin", "a"), "admin")).hasSize(2);
        assertThat(RoleNameRules.problemsWith(List.of("Admin"), "admin")).as("names are case-sensitive").isEmpty();
    }

    @Test
    void namesThatIamWouldReadAsWildcardsOrPolicyVariablesAreRefused() {
        for (String name : List.of("*", "cdc*", "cdc?", "?", "cdc_${aws:username}", "${x}")) {
            assertThat(RoleNameRules.problemWith(name)).as(name).get().asString()
                    .contains("wildcard or policy variable").contains("rds-db:connect");
        }
        assertThat(RoleNameRules.problemWith("cdc$1")).as("a lone $ is no policy variable").isEmpty();
        assertThat(RoleNameRules.problemWith("cdc{x}")).isEmpty();
        assertThat(RoleNameRules.problemsWith(List.of("ok", "cdc*"), "admin")).singleElement().asString()
                .contains("'cdc*'");
    }
}
