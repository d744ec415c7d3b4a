package io.jprune.agent.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for jprune's files and output (plans, safetensors headers, the command line's {@code --json}) on Jackson's
 * streaming API, which {@code jprune.jar} carries relocated so that an app's own Jackson is never disturbed. Values
 * are plain Java: {@link Map} (insertion order kept), {@link List}, {@link String}, {@link Boolean}, numbers and
 * {@code null}.
 *
 * <p>Writing keeps the format the command line has always printed: compact, floats as {@link Float#toString},
 * doubles as {@link Double#toString}, NaN and infinities (which JSON cannot express) as {@code null}, primitive
 * arrays as lists, any other object as its {@code toString()}.
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private JsonValues() {
    }

    /** {@code value} as one line of JSON. */
    public static String write(Object value) {
        return write(value, false);
    }

    /** {@code value} as indented JSON, for a file that people read and edit, such as a plan. */
    public static String writeIndented(Object value) {
        return write(value, true);
    }

    private static String write(Object value, boolean indented) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            if (indented) {
                generator.useDefaultPrettyPrinter();
            }
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Float f) {
            writeFinite(out, Float.isFinite(f), Float.toString(f));
        } else if (value instanceof Double d) {
            writeFinite(out, Double.isFinite(d), Double.toString(d));
        } else if (value instanceof Number number) {
            out.writeNumber(number.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName(String.valueOf(entry.getKey()));
                write(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (value instanceof int[] ints) {
            out.writeArray(ints, 0, ints.length);
        } else if (value instanceof long[] longs) {
            out.writeArray(longs, 0, longs.length);
        } else if (value instanceof float[] floats) {
            out.writeStartArray();
            for (float f : floats) {
                write(out, f);
            }
            out.writeEndArray();
        } else if (value instanceof double[] doubles) {
            out.writeStartArray();
            for (double d : doubles) {
                write(out, d);
            }
            out.writeEndArray();
        } else if (value instanceof Object[] array) {
            write(out, List.of(array));
        } else {
            out.writeString(value.toString());
        }
    }

    private static void writeFinite(JsonGenerator out, boolean finite, String text) throws IOException {
        if (finite) {
            out.writeNumber(text);
        } else {
            out.writeNull();
        }
    }

    /**
     * Reads one JSON document into plain values: objects as insertion-ordered maps, integers as {@link Long} (or
     * {@link java.math.BigInteger} beyond), other numbers as {@link Double}.
     *
     * @throws IllegalArgumentException saying where the text is not JSON (line and column), or that a key repeats
     */
    public static Object read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON value (the text is empty)");
            }
            Object value = readValue(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value, the second at line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().replaceAll(" \\(start marker at \\[Source: .*?; line: \\d+, "
                    + "column: \\d+\\]\\)", "");
            throw new IllegalArgumentException("not valid JSON: " + message + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e);
        }
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    if (object.containsKey(key)) {
                        throw new IllegalArgumentException("key \"" + key + "\" is given twice (line "
                                + parser.currentLocation().getLineNr() + ")");
                    }
                    object.put(key, readValue(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        }
    }
}
