package io.github.rdsiamreplication.grant;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON text read with Gson's streaming {@link JsonReader} (strict) and written with its {@link JsonWriter}: no
 * tree model and no reflection, which keeps the classes a cold start loads to a handful. The handler also
 * passes lists to SQL as one typed {@code json} parameter (read there by {@code json_array_elements_text} and
 * {@code json_to_recordset}) rather than as JDBC arrays, whose pgjdbc encoders and decoders cost a cold start
 * about 13 ms.
 */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * @param json a JSON object
     * @param names the members wanted
     * @return those of them whose value is a string (a member with another type is left out); other members
     *         are skipped unread
     * @throws IOException when the text is not one well-formed JSON object (the message may quote the text)
     */
    static Map<String, String> stringMembers(String json, Set<String> names) throws IOException {
        try (JsonReader reader = reader(json)) {
            Map<String, String> found = new HashMap<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (names.contains(name) && reader.peek() == JsonToken.STRING) {
                    found.put(name, reader.nextString());
                } else {
                    reader.skipValue();
                }
            }
            reader.endObject();
            expectEnd(reader);
            return found;
        }
    }

    /**
     * @param json any JSON value
     * @return maps (in document order), lists, strings, booleans and {@code null}; numbers as their text
     * @throws IOException when the text is not one well-formed JSON value
     */
    static Object toJava(String json) throws IOException {
        try (JsonReader reader = reader(json)) {
            Object value = read(reader);
            expectEnd(reader);
            return value;
        }
    }

    /**
     * @param json a JSON array of strings
     * @return its elements, in order
     * @throws IOException when the text is not one well-formed JSON array of strings
     */
    static List<String> stringList(String json) throws IOException {
        try (JsonReader reader = reader(json)) {
            List<String> list = new ArrayList<>();
            reader.beginArray();
            while (reader.hasNext()) {
                if (reader.peek() != JsonToken.STRING) {
                    throw new IOException("an element is not a string");
                }
                list.add(reader.nextString());
            }
            reader.endArray();
            expectEnd(reader);
            return list;
        }
    }

    /**
     * @param value maps (with string keys), iterables, strings, booleans, numbers or {@code null}, nested
     * @return its JSON text
     * @throws IllegalArgumentException for a value of another type
     */
    static String toJson(Object value) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = new JsonWriter(text)) {
            write(writer, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void write(JsonWriter writer, Object value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value instanceof String text) {
            writer.value(text);
        } else if (value instanceof Boolean bool) {
            writer.value(bool);
        } else if (value instanceof Number number) {
            writer.value(number);
        } else if (value instanceof Map<?, ?> map) {
            writer.beginObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writer.name((String) entry.getKey());
                write(writer, entry.getValue());
            }
            writer.endObject();
        } else if (value instanceof Iterable<?> items) {
            writer.beginArray();
            for (Object item : items) {
                write(writer, item);
            }
            writer.endArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static JsonReader reader(String json) {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    private static void expectEnd(JsonReader reader) throws IOException {
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("more than one JSON value");
        }
    }

    private static Object read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    map.put(name, read(reader));
                }
                reader.endObject();
                return map;
            }
            case BEGIN_ARRAY -> {
                List<Object> list = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    list.add(read(reader));
                }
                reader.endArray();
                return list;
            }
            case NULL -> {
                reader.nextNull();
                return null;
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            default -> {
                return reader.nextString();
            }
        }
    }
}
