package io.jprune.agent.instrumentation.djl;

import io.jprune.agent.instrumentation.forward.ForwardMethods;
import java.lang.reflect.Modifier;

/**
 * DJL's forwards for the shared weaving: every block's forward runs through {@code AbstractBaseBlock.forward}, which
 * calls the block's own {@code forwardInternal}; hooking that one class reports the forward of every block, the
 * app's own block classes included, without touching them.
 */
final class DjlBlocks implements ForwardMethods {
    /** The class whose {@code forward} methods every DJL block runs. */
    static final String BASE_BLOCK = "ai.djl.nn.AbstractBaseBlock";

    private final ClassValue<Boolean> blockClass = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(BASE_BLOCK)) {
                    return true;
                }
            }
            return false;
        }
    };

    @Override
    public boolean matchesName(String className) {
        return className.equals(BASE_BLOCK);
    }

    @Override
    public boolean isForward(String name, int modifiers, boolean syntheticOrBridge) {
        return name.equals("forward") && !Modifier.isStatic(modifiers) && !Modifier.isAbstract(modifiers)
                && !syntheticOrBridge;
    }

    @Override
    public boolean declaresForward(Class<?> type) {
        return type.getName().equals(BASE_BLOCK);
    }

    @Override
    public boolean isModuleClass(Class<?> type) {
        return blockClass.get(type);
    }
}
