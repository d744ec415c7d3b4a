package io.jprune.agent.instrumentation.forward;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites a module class's file so that every forward method it declares reports its start and its end to
 * a hooks class ({@link ForwardHooks} in the agent), and changes nothing else: no member is added, renamed or
 * made accessible, so that a class already loaded can be retransformed and its final and private fields stay
 * as the app wrote them. Written on plain ASM rather than Byte Buddy's {@code AgentBuilder} and {@code Advice}
 * because those load about a thousand classes before the first class is hooked, which cost the app over a
 * second of start-up; this loads a few dozen.
 */
final class ForwardHookWeaver {
    /** The agent's hooks: {@link ForwardHooks}. */
    static final String AGENT_HOOKS = ForwardHooks.class.getName().replace('.', '/');

    private static final int ASM_API = Opcodes.ASM9;
    private static final int NOT_A_MODULE_CLASS = Opcodes.ACC_INTERFACE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_MODULE;

    private final ForwardMethods forwards;
    private final String hooks;

    /**
     * @param forwards      which methods are forward methods
     * @param hooks         internal name of the class whose static {@code enter(Object, Object[])} and
     *                      {@code exit(Object, Object)} the forwards call; {@link #AGENT_HOOKS} in the agent
     */
    ForwardHookWeaver(ForwardMethods forwards, String hooks) {
        this.forwards = forwards;
        this.hooks = hooks;
    }

    /**
     * Whether the class declares a forward method to hook; reads only the method headers.
     *
     * @throws IllegalArgumentException when the class file is malformed or newer than this ASM understands
     */
    boolean declaresForward(ClassReader classFile) {
        if ((classFile.getAccess() & NOT_A_MODULE_CLASS) != 0) {
            return false;
        }
        boolean[] found = {false};
        classFile.accept(new ClassVisitor(ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                found[0] |= hooked(access, name);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }

    /**
     * The class file with its forward methods hooked. Frames are read expanded because the hook adds one
     * (where a forward that throws reports its end) and ASM cannot mix expanded and compressed frames.
     */
    byte[] weave(ClassReader classFile) {
        ClassWriter writer = new ClassWriter(classFile, 0);
        classFile.accept(new ClassVisitor(ASM_API, writer) {
            private String owner;
            private boolean framesRequired;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                owner = name;
                framesRequired = (version & 0xFFFF) >= Opcodes.V1_6;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                return method != null && hooked(access, name)
                        ? new HookedForward(method, hooks, owner, descriptor, framesRequired) : method;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private boolean hooked(int access, String name) {
        return (access & Opcodes.ACC_NATIVE) == 0 && forwards.isForward(name, access,
                (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0);
    }
}
