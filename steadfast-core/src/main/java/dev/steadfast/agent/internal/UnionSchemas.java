package dev.steadfast.agent.internal;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import dev.steadfast.message.Messages;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Schemas of polymorphic types (a sealed interface, or a type with {@code @JsonTypeInfo}): an
 * {@code anyOf} with one branch per concrete subtype, shaped the way Jackson reads it. The subtypes
 * and their type ids come from Jackson itself, so the schema names the same ids Jackson accepts; with
 * a type property, each branch requires it as a one-value enum (a discriminator the model cannot get
 * wrong); with deduction (a sealed type without {@code @JsonTypeInfo}) the branches are the subtypes'
 * own schemas.
 */
final class UnionSchemas {
    private UnionSchemas() {}

    /** The union schema of {@code type}, or {@code null} when Jackson does not read it polymorphically. */
    static CustomDefinition definition(ResolvedType type, SchemaGenerationContext context) {
        Class<?> raw = type.getErasedType();
        if (!isAbstract(raw) || raw.getName().startsWith("java.")) {
            return null;
        }
        var mapper = Messages.mapper();
        JavaType javaType = mapper.constructType(raw);
        TypeSerializer typeSerializer;
        try {
            typeSerializer = mapper.getSerializerProviderInstance().findTypeSerializer(javaType);
        } catch (JsonMappingException e) {
            return null;
        }
        if (typeSerializer == null) {
            return null;
        }
        List<Class<?>> subtypes = concreteSubtypes(raw);
        if (subtypes.isEmpty()) {
            return null;
        }
        ObjectNode union = mapper.createObjectNode();
        ArrayNode anyOf = union.putArray("anyOf");
        // deduction writes no type id, and its serializer has no id resolver
        var ids = typeSerializer.getTypeIdResolver();
        boolean deduction = ids == null || ids.getMechanism() == JsonTypeInfo.Id.DEDUCTION;
        for (Class<?> sub : subtypes) {
            ObjectNode branch = context.createStandardDefinition(context.getTypeContext().resolve(sub), null);
            if (!deduction) {
                String id = ids.idFromValueAndType(null, sub);
                branch = withTypeId(branch, typeSerializer.getTypeInclusion(), typeSerializer.getPropertyName(), id);
            }
            anyOf.add(branch);
        }
        return new CustomDefinition(union, CustomDefinition.DefinitionType.STANDARD, CustomDefinition.AttributeInclusion.YES);
    }

    private static boolean isAbstract(Class<?> raw) {
        return !raw.isPrimitive() && !raw.isArray() && (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()))
                && !Collection.class.isAssignableFrom(raw) && !Map.class.isAssignableFrom(raw);
    }

    private static List<Class<?>> concreteSubtypes(Class<?> raw) {
        DeserializationConfig config = Messages.mapper().getDeserializationConfig();
        var annotated = config.introspectClassAnnotations(raw).getClassInfo();
        var out = new ArrayList<Class<?>>();
        for (NamedType t : Messages.mapper().getSubtypeResolver().collectAndResolveSubtypesByClass(config, annotated)) {
            Class<?> c = t.getType();
            if (c != raw && !isAbstract(c) && !out.contains(c)) {
                out.add(c);
            }
        }
        if (raw.isSealed()) { // the order the type declares, so the schema reads like the code
            List<Class<?>> declared = List.of(raw.getPermittedSubclasses());
            out.sort(java.util.Comparator.comparingInt(c -> declared.contains(c) ? declared.indexOf(c) : declared.size()));
        }
        return out;
    }

    private static ObjectNode withTypeId(ObjectNode branch, JsonTypeInfo.As inclusion, String property, String id) {
        var mapper = Messages.mapper();
        ObjectNode idSchema = mapper.createObjectNode().put("type", "string");
        idSchema.putArray("enum").add(id);
        return switch (inclusion) {
            case PROPERTY, EXISTING_PROPERTY -> {
                // the type property first, so the model states which variant it writes before the rest
                ObjectNode out = mapper.createObjectNode().put("type", "object");
                branch.properties().forEach(e -> {
                    if (!List.of("type", "properties", "required").contains(e.getKey())) {
                        out.set(e.getKey(), e.getValue());
                    }
                });
                ObjectNode props = out.putObject("properties");
                props.set(property, idSchema);
                branch.path("properties").properties().forEach(e -> {
                    if (!e.getKey().equals(property)) {
                        props.set(e.getKey(), e.getValue());
                    }
                });
                ArrayNode required = out.putArray("required").add(property);
                branch.path("required").forEach(r -> {
                    if (!r.asText().equals(property)) {
                        required.add(r);
                    }
                });
                yield out;
            }
            case WRAPPER_OBJECT -> {
                ObjectNode out = mapper.createObjectNode().put("type", "object");
                out.putObject("properties").set(id, branch);
                out.putArray("required").add(id);
                out.put("additionalProperties", false);
                yield out;
            }
            case WRAPPER_ARRAY -> {
                ObjectNode out = mapper.createObjectNode().put("type", "array");
                out.putArray("prefixItems").add(idSchema).add(branch);
                out.put("minItems", 2).put("maxItems", 2);
                yield out;
            }
            // EXTERNAL_PROPERTY is read as PROPERTY on a type (Jackson's own rule); NAME-less ones too
            default -> withTypeId(branch, JsonTypeInfo.As.PROPERTY, property, id);
        };
    }
}
