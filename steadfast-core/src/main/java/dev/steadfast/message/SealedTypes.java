package dev.steadfast.message;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets Jackson 2 read a sealed interface or class, as a tool argument or a field of an output record:
 * its permitted subclasses are its subtypes (Jackson 2 only knows {@code @JsonSubTypes}), and, unless
 * {@code @JsonTypeInfo} says how to tell them apart, they are told apart by their properties
 * (deduction), so a value is written exactly as before and can now be read back. Consulted after
 * Jackson's own annotations, so explicit {@code @JsonTypeInfo} and {@code @JsonSubTypes} win.
 */
final class SealedTypes extends NopAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    /** Registers the rules after Jackson's own annotation rules. */
    static final class Module extends com.fasterxml.jackson.databind.module.SimpleModule {
        private static final long serialVersionUID = 1L;

        Module() {
            super("steadfast-sealed-types");
        }

        @Override
        public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.appendAnnotationIntrospector(new SealedTypes());
        }
    }

    @Override
    public List<NamedType> findSubtypes(Annotated a) {
        if (!(a instanceof AnnotatedClass ac) || !ac.getRawType().isSealed()) {
            return null;
        }
        var subtypes = new ArrayList<NamedType>();
        for (Class<?> sub : ac.getRawType().getPermittedSubclasses()) {
            subtypes.add(new NamedType(sub));
        }
        return subtypes;
    }

    @Override
    public TypeResolverBuilder<?> findTypeResolver(MapperConfig<?> config, AnnotatedClass ac, JavaType baseType) {
        if (!baseType.getRawClass().isSealed() || ac.hasAnnotation(JsonTypeInfo.class)) {
            return null;
        }
        return new StdTypeResolverBuilder().init(JsonTypeInfo.Id.DEDUCTION, null);
    }
}
