package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonIOException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
    @Test
    void refusesWhatIsNotExactlyOneStrictJsonValue() {
        for (String bad : List.of("{\"a\":\"b\"} {}", "{'a':'b'}", "{a:\"b\"}", "{\"a\":\"b\"", "", "  ", "hunter2",
                "[1,]", "{\"a\":NaN}")) {
            assertThatThrownBy(() -> JsonValues.parse(bad), bad).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> JsonValues.toJava(bad), bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void readsAnEventIntoPlainJavaValuesInDocumentOrder() throws IOException {
        Object value = JsonValues.toJava("{\"b\":\"1\",\"a\":[\"x\",null,true],\"n\":5432,\"m\":{}}");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", "1");
        expected.put("a", Arrays.asList("x", null, true));
        expected.put("n", "5432");
        expected.put("m", Map.of());
        assertThat(value).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("b", "a", "n", "m"));
    }

    @Test
    void writesWhatTheSqlParametersCarryAndReadsItBackUnchanged() throws IOException {
        List<String> names = List.of("plain", "quo\"te", "back\\slash", "new\nline", "nul-free \u00e9\u4e2d", "",
                "<tag> & 'single' =");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("u", "debezium");
        row.put("c", true);
        row.put("a", false);

        assertThat(JsonValues.stringList(JsonValues.toJson(names))).isEqualTo(names);
        assertThat(JsonValues.toJson(List.of(row))).isEqualTo("[{\"u\":\"debezium\",\"c\":true,\"a\":false}]");
        assertThat(JsonValues.toJson(List.of())).isEqualTo("[]");
        assertThat(JsonValues.toJson(List.of("<a>'b'"))).as("no HTML escaping").isEqualTo("[\"<a>'b'\"]");
    }

    @Test
    void aStringListIsExactlyOneArrayOfStrings() {
        for (String bad : List.of("{}", "[\"a\",1]", "[\"a\",null]", "[[\"a\"]]", "[\"a\"] []", "[\"a\"", "")) {
            assertThatThrownBy(() -> JsonValues.stringList(bad), bad)
                    .isInstanceOfAny(IOException.class, IllegalStateException.class);
        }
    }

    /** A value the writer has no adapter for. */
    private record Row(String user) {
    }

    @Test
    void refusesToWriteWhatIsNotAJsonValue() {
        assertThatThrownBy(() -> JsonValues.toJson(List.of(new Row("debezium"))))
                .isInstanceOf(JsonIOException.class).hasMessageContaining("reflection");
    }
}
