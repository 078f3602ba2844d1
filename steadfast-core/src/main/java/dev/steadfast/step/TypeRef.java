package dev.steadfast.step;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A full generic type, for step results such as {@code List<String>}:
 * {@code ctx.step("search", new TypeRef<List<String>>() {}, () -> search(q))}.
 *
 * @param <T> the type
 */
public abstract class TypeRef<T> {
    private final Type type;

    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType p)) {
            throw new IllegalStateException("TypeRef needs a type argument: new TypeRef<List<String>>() {}");
        }
        this.type = p.getActualTypeArguments()[0];
    }

    private TypeRef(Type type) {
        this.type = type;
    }

    /** A reference to a plain class. */
    public static <T> TypeRef<T> of(Class<T> type) {
        return new TypeRef<>(type) {};
    }

    /** A reference to any reflected type (unchecked: the caller vouches for {@code T}). */
    public static <T> TypeRef<T> of(Type type) {
        return new TypeRef<>(type) {};
    }

    public Type type() {
        return type;
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }
}
