package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterGroupNamesTest {
    @Test
    void engineDefaultGroupsAreRecognisedInAnyCase() {
        assertThat(List.of("default.postgres16", "default.aurora-postgresql15", "Default.Postgres16",
                "DEFAULT.POSTGRES14")).allMatch(ParameterGroupNames::isEngineDefault);
    }

    @Test
    void customGroupsThatMerelyMentionDefaultAreNot() {
        assertThat(Arrays.asList("my-default.postgres16", "default-postgres16", "defaults", "", null))
                .noneMatch(ParameterGroupNames::isEngineDefault);
    }
}
