package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParameterGroupNamesTest {
    @Test
    void engineDefaultGroupsAreRecognisedInAnyCase() {
        assertThat(ParameterGroupNames.isEngineDefault("default.postgres16")).isTrue();
        assertThat(ParameterGroupNames.isEngineDefault("default.aurora-postgresql15")).isTrue();
        assertThat(ParameterGroupNames.isEngineDefault("Default.Postgres16")).isTrue();
        assertThat(ParameterGroupNames.isEngineDefault("DEFAULT.POSTGRES14")).isTrue();
    }

    @Test
    void customGroupsThatMerelyMentionDefaultAreNot() {
        assertThat(ParameterGroupNames.isEngineDefault("my-default.postgres16")).isFalse();
        assertThat(ParameterGroupNames.isEngineDefault("default-postgres16")).isFalse();
        assertThat(ParameterGroupNames.isEngineDefault("defaults")).isFalse();
        assertThat(ParameterGroupNames.isEngineDefault("")).isFalse();
        assertThat(ParameterGroupNames.isEngineDefault(null)).isFalse();
    }
}
