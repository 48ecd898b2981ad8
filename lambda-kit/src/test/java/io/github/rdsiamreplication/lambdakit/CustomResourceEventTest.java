package io.github.rdsiamreplication.lambdakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomResourceEventTest {
    private static Map<String, Object> event(String type, String physicalId) {
        Map<String, Object> event = new HashMap<>();
        event.put("RequestType", type);
        event.put("StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1");
        event.put("LogicalResourceId", "Grants");
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.put("ResourceProperties", Map.of("Host", "db"));
        return event;
    }

    @Test
    void theTypeIdsAndPropertiesAreRead() {
        CustomResourceEvent e = CustomResourceEvent.of(event("Update", "id-1"));
        assertThat(e.type()).isEqualTo(RequestType.UPDATE);
        assertThat(e.physicalResourceId()).isEqualTo("id-1");
        assertThat(e.stackId()).startsWith("arn:aws:cloudformation:");
        assertThat(e.logicalResourceId()).isEqualTo("Grants");
        assertThat(e.properties().requiredString("Host")).isEqualTo("db");
        assertThatThrownBy(e::oldProperties).hasMessage("OldResourceProperties is missing or not an object");
    }

    @Test
    void aCreateHasNoPhysicalIdYetButUpdateAndDeleteMustHaveOne() {
        assertThat(CustomResourceEvent.of(event("Create", null)).physicalResourceId()).isNull();
        assertThatThrownBy(() -> CustomResourceEvent.of(event("Delete", null)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("PhysicalResourceId is missing from a DELETE event");
    }

    @Test
    void anUnknownOrMissingTypeOrEmptyEventIsRefused() {
        assertThatThrownBy(() -> CustomResourceEvent.of(event("Replace", "x")))
                .hasMessage("RequestType is 'Replace'; expected Create, Update or Delete");
        assertThatThrownBy(() -> CustomResourceEvent.of(new HashMap<>()))
                .hasMessage("RequestType is missing or not a string; expected Create, Update or Delete");
        assertThatThrownBy(() -> CustomResourceEvent.of(null)).hasMessage("the event is empty");
        assertThat(CustomResourceEvent.of(event("delete", "x")).type()).isEqualTo(RequestType.DELETE);
    }

    @Test
    void aMissingOrMistypedTopLevelMemberIsNamed() {
        Map<String, Object> noStack = event("Create", null);
        noStack.remove("StackId");
        assertThatThrownBy(() -> CustomResourceEvent.of(noStack).stackId()).hasMessage("event.StackId is required");
        Map<String, Object> numericId = event("Update", null);
        numericId.put("PhysicalResourceId", 7);
        assertThatThrownBy(() -> CustomResourceEvent.of(numericId))
                .hasMessage("event.PhysicalResourceId must be a string, got Integer");
    }
}
