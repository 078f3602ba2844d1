package dev.steadfast.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.steadfast.message.Messages;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.security.CodeSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a step's recorded JSON as the type the code asks for, strictly: a property the type does not
 * have, or one it has that the JSON lacks, is a {@link Mismatch} naming the property, never a silent
 * {@code null} or {@code 0}. A property may be absent when the type itself leaves it out when written
 * (a {@code null} under {@code @JsonInclude(NON_NULL)}): that is checked by writing the value read back
 * and comparing, only on the rare path where a property was absent.
 *
 * <p>Steadfast's own records (messages, agent steps) are read leniently: their optional parts are left
 * out when empty, and newer versions add properties that older journals lack.
 */
final class ValueReader {
    /** Why a recorded value does not read as the type: where ({@code null}: the value itself) and what. */
    static final class Mismatch extends Exception {
        final String field;
        final String detail;

        Mismatch(String field, String detail, Throwable cause) {
            super(detail, cause, false, false);
            this.field = field;
            this.detail = detail;
        }
    }

    private static final CodeSource CORE = Messages.class.getProtectionDomain().getCodeSource();

    private final ObjectMapper mapper;
    private final Map<Type, ObjectReader> strict = new ConcurrentHashMap<>();
    private final Map<Type, ObjectReader> absentAllowed = new ConcurrentHashMap<>();

    ValueReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    <T> T read(String json, Type type) throws Mismatch {
        try {
            return strict.computeIfAbsent(type, this::strictReader).readValue(json);
        } catch (JsonProcessingException e) {
            if (!isMissingProperty(e)) {
                throw mismatch(e, type);
            }
        }
        return readWithAbsentProperties(json, type);
    }

    /** Absent properties are fine when writing the value read back leaves them out as well. */
    private <T> T readWithAbsentProperties(String json, Type type) throws Mismatch {
        try {
            T value = absentAllowed.computeIfAbsent(type, t -> strict.get(t)
                    .without(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)).readValue(json);
            JsonNode recorded = mapper.readTree(json);
            String lacking = firstAdded(recorded, mapper.valueToTree(value), "");
            if (lacking != null) {
                throw new Mismatch(lacking, "the recorded value has no '" + lastName(lacking) + "', which "
                        + rawName(type) + " has (it would read as a default, " + mapper.valueToTree(value).at(pointer(lacking))
                        + ")", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw mismatch(e, type);
        } catch (IllegalArgumentException e) {
            throw new Mismatch(null, String.valueOf(e.getMessage()), e);
        }
    }

    private ObjectReader strictReader(Type type) {
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        ObjectReader reader = mapper.readerFor(javaType);
        return isOurs(javaType) ? reader : reader.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES).withHandler(new WrittenOnly());
    }

    /**
     * Skips a property the type writes but cannot read (a getter with no field or parameter behind it,
     * {@code getDisplay()}): it is derived, so its absence from the type's reading side is no mismatch.
     */
    private final class WrittenOnly extends DeserializationProblemHandler {
        private final Map<Class<?>, Set<String>> written = new ConcurrentHashMap<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws java.io.IOException {
            Class<?> c = beanOrClass instanceof Class<?> k ? k : beanOrClass.getClass();
            if (!written.computeIfAbsent(c, this::writtenBy).contains(propertyName)) {
                return false;
            }
            p.skipChildren();
            return true;
        }

        private Set<String> writtenBy(Class<?> c) {
            var names = new java.util.HashSet<String>();
            for (BeanPropertyDefinition d : mapper.getSerializationConfig().introspect(mapper.constructType(c)).findProperties()) {
                if (d.couldSerialize()) {
                    names.add(d.getName());
                }
            }
            return names;
        }
    }

    /** Whether the type is (or holds) one of steadfast-core's own: they come from where {@link Messages} does. */
    private static boolean isOurs(JavaType t) {
        if (CORE != null && t.getRawClass().getProtectionDomain() != null
                && CORE.equals(t.getRawClass().getProtectionDomain().getCodeSource())) {
            return true;
        }
        for (int i = 0; i < t.containedTypeCount(); i++) {
            if (isOurs(t.containedType(i))) {
                return true;
            }
        }
        return t.getContentType() != null && isOurs(t.getContentType());
    }

    private static boolean isMissingProperty(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m != null && m.startsWith("Missing creator property");
    }

    private static Mismatch mismatch(Exception e, Type type) {
        String field = e instanceof JsonMappingException jm ? path(jm) : null;
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "the recorded value has a property '" + u.getPropertyName() + "' that "
                    + u.getReferringClass().getSimpleName() + " does not have (it has: " + u.getKnownPropertyIds() + ")";
        } else if (e instanceof InvalidDefinitionException && isAbstract(type)) {
            detail = rawName(type) + " is an interface or abstract class, which a recorded value cannot be read back"
                    + " as; declare the step's result as a record or another concrete class (or give the type"
                    + " @JsonTypeInfo and @JsonSubTypes)";
        } else {
            detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
        }
        return new Mismatch(field, detail, e);
    }

    /** Where a Jackson error is in the value: {@code items[2].count}; {@code null} at the top. */
    private static String path(JsonMappingException e) {
        var sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        if (e instanceof UnrecognizedPropertyException u && sb.isEmpty()) {
            return u.getPropertyName();
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** The first object property {@code written} has and {@code recorded} lacks, as a path; {@code null} for none. */
    private static String firstAdded(JsonNode recorded, JsonNode written, String at) {
        if (written == null || recorded == null) {
            return null;
        }
        if (written.isObject() && recorded.isObject()) {
            for (Map.Entry<String, JsonNode> e : written.properties()) {
                String here = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
                if (!recorded.has(e.getKey())) {
                    return here;
                }
                String deeper = firstAdded(recorded.get(e.getKey()), e.getValue(), here);
                if (deeper != null) {
                    return deeper;
                }
            }
        } else if (written.isArray() && recorded.isArray()) {
            for (int i = 0; i < Math.min(written.size(), recorded.size()); i++) {
                String deeper = firstAdded(recorded.get(i), written.get(i), at + "[" + i + "]");
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    private static String pointer(String path) {
        return "/" + path.replace(".", "/").replace("[", "/").replace("]", "");
    }

    private static String lastName(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static boolean isAbstract(Type type) {
        return type instanceof Class<?> c && (c.isInterface() || Modifier.isAbstract(c.getModifiers()) && !c.isPrimitive());
    }

    private static String rawName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }
}
