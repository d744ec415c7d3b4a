package io.jprune.agent.instrumentation.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jprune.agent.instrumentation.plain.ClassNameGlob;
import io.jprune.agent.instrumentation.plain.ModuleClasses;
import io.jprune.testmodels.woven.Forwards;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Which classes the transformer rewrites: module classes with a forward, seen from a loader that finds jprune's
 * hooks; for everything else it hands the class back untouched ({@code null}), and it never throws.
 */
class ForwardHookTransformerTest {
    private static final String EVERY_TYPE = Forwards.EveryType.class.getName().replace('.', '/');
    private static final ClassLoader APP = ForwardHookTransformerTest.class.getClassLoader();

    private final ForwardHookTransformer transformer = new ForwardHookTransformer(
            new ModuleClasses(List.of(ClassNameGlob.of("io.jprune.testmodels.woven.*")), List.of("forward")));

    @Test
    void aModuleClassGetsCallsToTheAgentsHooksInItsForwards() throws Exception {
        byte[] hooked = transform(APP, EVERY_TYPE, classFile(Forwards.EveryType.class));
        assertNotNull(hooked);
        assertEquals(Set.of(ForwardHookWeaver.AGENT_HOOKS + ".enter", ForwardHookWeaver.AGENT_HOOKS + ".exit"),
                staticCallsInto(hooked, ForwardHookWeaver.AGENT_HOOKS));
    }

    @Test
    void everythingElseIsLeftAlone() throws Exception {
        byte[] module = classFile(Forwards.EveryType.class);
        assertNull(transform(null, EVERY_TYPE, module), "bootstrap classes");
        assertNull(transform(APP, null, module), "classes without a name");
        assertNull(transform(APP, "java/util/EveryType", module), "the JDK's classes, whatever the globs say");
        assertNull(transform(APP, "io/jprune/agent/EveryType", module), "jprune's own classes");
        assertNull(transform(APP, "com/acme/EveryType", module), "classes no glob names");
        assertNull(transform(APP, Forwards.class.getName().replace('.', '/'), classFile(Forwards.class)),
                "classes without a forward");
        assertNull(transform(APP, Forwards.Abstract.class.getName().replace('.', '/'),
                classFile(Forwards.Abstract.class)), "an abstract forward");
    }

    @Test
    void aClassFileThatCannotBeReadIsLeftAloneWithoutAnException() {
        assertNull(transform(APP, EVERY_TYPE, new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1, 2}));
    }

    @Test
    void aLoaderThatDoesNotSeeTheHooksGetsItsClassesUnchanged() throws Exception {
        ClassLoader isolated = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
        };
        assertNull(transform(isolated, EVERY_TYPE, classFile(Forwards.EveryType.class)),
                "a woven call to a class the loader cannot find would throw in the app's forward");
        assertNotNull(transform(APP, EVERY_TYPE, classFile(Forwards.EveryType.class)));
    }

    private byte[] transform(ClassLoader loader, String name, byte[] classFile) {
        return transformer.transform(loader == null ? null : loader.getUnnamedModule(), loader, name, null, null,
                classFile);
    }

    private static Set<String> staticCallsInto(byte[] classFile, String owner) {
        Set<String> calls = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String callee, String method, String desc,
                                                boolean isInterface) {
                        if (callee.equals(owner)) {
                            calls.add(callee + "." + method);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = APP.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
