package dev.steadfast.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.WorkflowEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bean is the engine it opens: every call, the interface's default methods included, reaches that engine. */
class ManagedEngineTest {
    @Test
    void everyMethodOfWorkflowEngineIsDelegatedNotLeftToTheInterfacesDefault() {
        List<String> defaults = new ArrayList<>();
        for (Method m : WorkflowEngine.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                Method own = ManagedEngine.class.getMethod(m.getName(), m.getParameterTypes());
                if (own.getDeclaringClass() != ManagedEngine.class) {
                    defaults.add(m.getName() + Arrays.toString(m.getParameterTypes()));
                }
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(defaults)
                .as("methods ManagedEngine leaves to WorkflowEngine's defaults")
                .isEmpty();
    }

    @Test
    void eventsComeFromTheWrappedEngineItself() {
        @SuppressWarnings("unchecked")
        EventStream<RunEvent> stream = (EventStream<RunEvent>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EventStream.class}, (p, m, a) -> null);
        List<String> calls = new ArrayList<>();
        WorkflowEngine inner = (WorkflowEngine) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {WorkflowEngine.class}, (p, m, a) -> {
                    calls.add(m.getName() + Arrays.toString(a));
                    return m.getName().equals("events") ? stream : null;
                });
        var managed = new ManagedEngine(() -> inner, "test");
        managed.start();
        assertThat(managed.events("r-1", StreamCursor.START)).isSameAs(stream);
        assertThat(calls).containsExactly("events[r-1, " + StreamCursor.START + "]");
    }
}
