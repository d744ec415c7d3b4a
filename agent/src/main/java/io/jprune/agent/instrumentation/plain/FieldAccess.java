package io.jprune.agent.instrumentation.plain;

import io.jprune.runtime.model.DiagnosticLog;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.Map;
import java.util.Set;

/**
 * Makes the app's private and final fields readable and writable by jprune. For classes in a named module
 * that does not open its package, the module is opened to jprune through {@link Instrumentation} first,
 * which only an agent can do.
 */
final class FieldAccess {
    private final Instrumentation instrumentation;

    /** @param instrumentation used to open named modules; {@code null} when there is none (tests) */
    FieldAccess(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Whether the field could be made accessible; if not, it is logged and left alone. */
    boolean open(Field field) {
        try {
            field.setAccessible(true);
            return true;
        } catch (InaccessibleObjectException | SecurityException first) {
            if (instrumentation != null && openModule(field.getDeclaringClass())) {
                try {
                    field.setAccessible(true);
                    return true;
                } catch (InaccessibleObjectException | SecurityException second) {
                    DiagnosticLog.debug("cannot access " + field + ": " + second.getMessage());
                    return false;
                }
            }
            DiagnosticLog.debug("cannot access " + field + ": " + first.getMessage());
            return false;
        }
    }

    private boolean openModule(Class<?> type) {
        Module target = type.getModule();
        Module jprune = FieldAccess.class.getModule();
        String pkg = type.getPackageName();
        if (!target.isNamed() || ModuleClasses.isOffLimits(type.getName())
                || !instrumentation.isModifiableModule(target)) {
            return false;
        }
        try {
            instrumentation.redefineModule(target, Set.of(), Map.of(), Map.of(pkg, Set.of(jprune)), Set.of(),
                    Map.of());
            return true;
        } catch (RuntimeException e) {
            DiagnosticLog.debug("cannot open module " + target.getName() + " to jprune: " + e);
            return false;
        }
    }
}
