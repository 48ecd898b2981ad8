package io.github.rdsiamreplication.grant;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.ReflectionAccessFilter;
import com.google.gson.Strictness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON through Gson's tree model: the secrets and events read (strict: exactly one well-formed value), and the
 * lists the handler passes to SQL as one typed {@code json} parameter (read there by
 * {@code json_array_elements_text} and {@code json_to_recordset}) written.
 */
final class JsonValues {
    /** Strict, no HTML escaping, nulls kept; no reflection, so only maps, collections and scalars are written. */
    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).disableHtmlEscaping()
            .serializeNulls().addReflectionAccessFilter(type -> ReflectionAccessFilter.FilterResult.BLOCK_ALL).create();

    private JsonValues() {
    }

    /**
     * @param json JSON text
     * @return its one value as a tree
     * @throws IOException when the text is not exactly one well-formed JSON value (the message may quote it)
     */
    static JsonElement parse(String json) throws IOException {
        JsonElement value;
        try {
            value = GSON.fromJson(json, JsonElement.class);
        } catch (JsonParseException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (value == null) {
            throw new IOException("no JSON value");
        }
        return value;
    }

    /**
     * @param json any JSON value
     * @return maps (in document order), lists, strings, booleans and {@code null}; numbers as their text
     * @throws IOException when the text is not exactly one well-formed JSON value
     */
    static Object toJava(String json) throws IOException {
        return toJava(parse(json));
    }

    /**
     * @param json a JSON array of strings
     * @return its elements, in order
     * @throws IOException when the text is not exactly one JSON array of strings
     */
    static List<String> stringList(String json) throws IOException {
        JsonElement value = parse(json);
        if (!value.isJsonArray()) {
            throw new IOException("not a JSON array");
        }
        List<String> list = new ArrayList<>();
        for (JsonElement item : value.getAsJsonArray()) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new IOException("an element is not a string");
            }
            list.add(item.getAsString());
        }
        return list;
    }

    /**
     * @param value maps (with string keys), collections, strings, booleans, numbers or {@code null}, nested
     * @return its JSON text
     * @throws com.google.gson.JsonIOException for a value of another type (no reflection)
     */
    static String toJson(Object value) {
        return GSON.toJson(value);
    }

    private static Object toJava(JsonElement value) {
        if (value.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.getAsJsonObject().entrySet().forEach(member -> map.put(member.getKey(), toJava(member.getValue())));
            return map;
        }
        if (value.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            value.getAsJsonArray().forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (value.isJsonNull()) {
            return null;
        }
        return value.getAsJsonPrimitive().isBoolean() ? (Object) value.getAsBoolean() : value.getAsString();
    }
}
