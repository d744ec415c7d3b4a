package io.jprune.agent.instrumentation.plain;

import io.jprune.agent.instrumentation.forward.ForwardMethods;
import io.jprune.runtime.diagnostics.DiagnosticLog;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;

/**
 * Makes the app's private and final fields, and its forward methods, usable by jprune. For classes in a named
 * module that does not open its package, the module is opened to jprune through {@link Instrumentation} first,
 * which only an agent can do.
 */
final class FieldAccess {
    private final Instrumentation instrumentation;

    /** @param instrumentation used to open named modules; {@code null} when there is none (tests) */
    FieldAccess(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Whether the field or method could be made accessible; if not, it is logged and left alone. */
    <T extends AccessibleObject & Member> boolean open(T member) {
        try {
            member.setAccessible(true);
            return true;
        } catch (InaccessibleObjectException | SecurityException first) {
            if (instrumentation != null && openModule(member.getDeclaringClass())) {
                try {
                    member.setAccessible(true);
                    return true;
                } catch (InaccessibleObjectException | SecurityException second) {
                    DiagnosticLog.debug("cannot access " + member + ": " + second.getMessage());
                    return false;
                }
            }
            DiagnosticLog.debug("cannot access " + member + ": " + first.getMessage());
            return false;
        }
    }

    /**
     * Whether jprune can assign the field (once accessible): not a final field of a record or hidden class,
     * which reflection refuses to write.
     */
    static boolean isReassignable(Field field) {
        Class<?> owner = field.getDeclaringClass();
        return !(Modifier.isFinal(field.getModifiers()) && (owner.isRecord() || owner.isHidden()));
    }

    private boolean openModule(Class<?> type) {
        Module target = type.getModule();
        Module jprune = FieldAccess.class.getModule();
        String pkg = type.getPackageName();
        if (!target.isNamed() || ForwardMethods.isOffLimits(type.getName())
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
