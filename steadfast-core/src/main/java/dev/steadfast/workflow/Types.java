package dev.steadfast.workflow;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;

/** Resolves a generic interface's type arguments as a concrete class declares them. */
final class Types {
    private Types() {}

    static Type typeArgument(Class<?> type, Class<?> generic, int index) {
        Type found = find(type, generic, index);
        return found == null || found instanceof TypeVariable<?> ? Object.class : found;
    }

    private static Type find(Type type, Class<?> generic, int index) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> c ? c : null;
        if (raw == null) {
            return null;
        }
        if (raw == generic && type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        for (Type iface : raw.getGenericInterfaces()) {
            Type t = find(iface, generic, index);
            if (t != null) {
                return t;
            }
        }
        return raw.getGenericSuperclass() == null ? null : find(raw.getGenericSuperclass(), generic, index);
    }
}
