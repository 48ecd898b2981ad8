package io.github.rdsiamreplication.lambdakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomResourceResponseTest {
    @Test
    void theIdComesFirstThenTheDataInItsOrder() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Users", "2");
        data.put("Statements", "5");
        Map<String, Object> response = CustomResourceResponse.of("id-1", data);
        assertThat(response.keySet()).containsExactly("PhysicalResourceId", "Data");
        assertThat(CustomResourceResponse.data(response).keySet()).containsExactly("Users", "Statements");
    }

    @Test
    void theDataIsACopyThatCanGrow() {
        Map<String, Object> data = new LinkedHashMap<>(Map.of("Users", "2"));
        Map<String, Object> response = CustomResourceResponse.of("id-1", data);
        CustomResourceResponse.data(response).put("Login", "succeeded");
        assertThat(data).containsOnlyKeys("Users");
        assertThat(CustomResourceResponse.data(response)).containsOnlyKeys("Users", "Login");
    }

    @Test
    void aResponseWithoutDataSaysSoWhenAskedForIt() {
        Map<String, Object> response = CustomResourceResponse.of("id-1");
        assertThat(response).containsExactly(Map.entry("PhysicalResourceId", "id-1"));
        assertThatThrownBy(() -> CustomResourceResponse.data(response)).hasMessage("the response has no Data");
    }
}
