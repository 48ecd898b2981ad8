package io.github.rdsiamreplication.lambdakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcePropertiesTest {
    private static ResourceProperties props(Map<String, Object> values) {
        return ResourceProperties.of(values, "ResourceProperties");
    }

    @Test
    void aMissingOrNonObjectMemberIsNamed() {
        assertThatThrownBy(() -> ResourceProperties.of(null, "OldResourceProperties"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("OldResourceProperties is missing or not an object");
        assertThatThrownBy(() -> ResourceProperties.of("Host=db", "ResourceProperties"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void stringsAreRequiredPresentAndNotBlankAndErrorsNameTheKey() {
        ResourceProperties p = props(Map.of("Host", "db", "Blank", " ", "Number", 5));
        assertThat(p.requiredString("Host")).isEqualTo("db");
        assertThat(p.optionalString("Missing")).isNull();
        assertThat(p.string("Missing", "postgres")).isEqualTo("postgres");
        assertThatThrownBy(() -> p.requiredString("Missing")).hasMessage("ResourceProperties.Missing is required");
        assertThatThrownBy(() -> p.string("Blank", "x")).hasMessage("ResourceProperties.Blank is blank");
        assertThatThrownBy(() -> p.requiredString("Number"))
                .hasMessage("ResourceProperties.Number must be a string, got Integer");
    }

    @Test
    void booleansAreTheStringsCloudFormationSendsOrTheDefault() {
        ResourceProperties p = props(Map.of("On", "true", "Off", "false", "Json", Boolean.FALSE, "Yes", "yes",
                "Upper", "TRUE"));
        assertThat(p.bool("On", false)).isTrue();
        assertThat(p.bool("Off", true)).isFalse();
        assertThat(p.bool("Json", true)).isFalse();
        assertThat(p.bool("Missing", true)).isTrue();
        assertThatThrownBy(() -> p.bool("Yes", true))
                .hasMessage("ResourceProperties.Yes is 'yes'; expected \"true\" or \"false\"");
        assertThatThrownBy(() -> p.bool("Upper", true)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aPortIsANumberFrom1To65535AsStringOrNumber() {
        assertThat(props(Map.of("Port", "5432")).port("Port")).isEqualTo(5432);
        assertThat(props(Map.of("Port", 6543)).port("Port")).isEqualTo(6543);
        for (Object bad : List.of("0", "65536", "-1", "54x32", "")) {
            assertThatThrownBy(() -> props(Map.of("Port", bad)).port("Port")).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("ResourceProperties.Port is '" + bad + "'");
        }
        assertThatThrownBy(() -> props(Map.of()).port("Port"))
                .hasMessage("ResourceProperties.Port is required (a number from 1 to 65535)");
    }

    @Test
    void aStringListKeepsItsOrderAndRefusesOtherItems() {
        assertThat(props(Map.of("Users", List.of("b", "a"))).stringList("Users", "user names")).containsExactly("b", "a");
        assertThatThrownBy(() -> props(Map.of("Users", "a")).stringList("Users", "user names"))
                .hasMessage("ResourceProperties.Users is required: a list of user names");
        java.util.List<Object> withNull = new java.util.ArrayList<>();
        withNull.add("a");
        withNull.add(null);
        assertThatThrownBy(() -> props(Map.of("Users", withNull)).stringList("Users", "user names"))
                .hasMessage("ResourceProperties.Users must hold only strings, got null");
    }

    @Test
    void aStringMapIsSortedAndNeverEmpty() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("rds.logical_replication", "1");
        parameters.put("rds.iam_auth_for_replication", "1");
        assertThat(props(Map.of("Parameters", parameters)).stringMap("Parameters"))
                .containsExactly(Map.entry("rds.iam_auth_for_replication", "1"), Map.entry("rds.logical_replication", "1"));
        assertThatThrownBy(() -> props(Map.of("Parameters", Map.of())).stringMap("Parameters"))
                .hasMessage("ResourceProperties.Parameters is empty");
        assertThatThrownBy(() -> props(Map.of("Parameters", Map.of("max_wal_senders", 10))).stringMap("Parameters"))
                .hasMessage("ResourceProperties.Parameters.max_wal_senders must be a string");
        assertThatThrownBy(() -> props(Map.of()).stringMap("Parameters"))
                .hasMessage("ResourceProperties.Parameters is missing or not an object");
    }

    @Test
    void anEnumeratedValueIsOneOfTheAllowedOrTheDefault() {
        List<String> kinds = List.of("instance", "cluster");
        assertThat(props(Map.of("Kind", "cluster")).oneOf("Kind", kinds, null)).isEqualTo("cluster");
        assertThat(props(Map.of()).oneOf("Kind", kinds, "instance")).isEqualTo("instance");
        assertThatThrownBy(() -> props(Map.of("Kind", "Cluster")).oneOf("Kind", kinds, null))
                .hasMessage("ResourceProperties.Kind is 'Cluster'; use instance or cluster");
        assertThatThrownBy(() -> props(Map.of()).oneOf("Kind", kinds, null))
                .hasMessage("ResourceProperties.Kind is required; use instance or cluster");
    }

    @Test
    void theMapIsReadOnly() {
        Map<String, Object> values = new HashMap<>(Map.of("Host", "db"));
        assertThatThrownBy(() -> props(values).asMap().put("Host", "other"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(props(values).has("Host")).isTrue();
        assertThat(props(values).has("Port")).isFalse();
    }
}
