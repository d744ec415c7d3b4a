package io.jprune.agent.instrumentation.onnxruntime;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code ai.onnxruntime.OrtSession} with three small calls into {@link OrtSessionHooks}, and nothing
 * else (no member added, so that a loaded class can be retransformed):
 * <ul>
 *   <li>at the end of each constructor that takes a model ({@code String}, {@code byte[]} or {@code ByteBuffer})
 *       and {@code SessionOptions}: {@code created(this, model, options)};</li>
 *   <li>at the start of {@code run(Map, Set, Map, RunOptions)}, which every public {@code run} ends in:
 *       {@code run(this, ...)}, whose non-null result is returned instead of running the body (the run was routed,
 *       to this session or to a replacement, under the model's gate);</li>
 *   <li>at the start of {@code close()}: {@code closing(this)}.</li>
 * </ul>
 */
final class OrtSessionWeaver {
    /** The class this weaver rewrites, as the JVM names it. */
    static final String SESSION = "ai/onnxruntime/OrtSession";

    private static final String HOOKS = OrtSessionHooks.class.getName().replace('.', '/');
    private static final String OBJECT = "java/lang/Object";
    private static final String RUN = "(Ljava/util/Map;Ljava/util/Set;Ljava/util/Map;Lai/onnxruntime/OrtSession$RunOptions;)"
            + "Lai/onnxruntime/OrtSession$Result;";
    private static final String CONSTRUCTOR_SUFFIX = "Lai/onnxruntime/OrtAllocator;Lai/onnxruntime/OrtSession$SessionOptions;)V";
    private static final String CONSTRUCTOR_PREFIX = "(Lai/onnxruntime/OrtEnvironment;";

    private OrtSessionWeaver() {
    }

    /** The class file of {@code OrtSession} with the three hooks. */
    static byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (name.equals("<init>") && descriptor.startsWith(CONSTRUCTOR_PREFIX)
                        && descriptor.endsWith(CONSTRUCTOR_SUFFIX)) {
                    return new CreatedHook(method);
                }
                if (name.equals("run") && descriptor.equals(RUN)) {
                    return new RunRoute(method);
                }
                if (name.equals("close") && descriptor.equals("()V")) {
                    return new ClosingHook(method);
                }
                return method;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** {@code created(this, model, options)} before every {@code return} of a constructor. */
    private static final class CreatedHook extends MethodVisitor {
        CreatedHook(MethodVisitor method) {
            super(Opcodes.ASM9, method);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 2);
                super.visitVarInsn(Opcodes.ALOAD, 4);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "created",
                        "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 3), maxLocals);
        }
    }

    /** {@code closing(this)} first. */
    private static final class ClosingHook extends MethodVisitor {
        ClosingHook(MethodVisitor method) {
            super(Opcodes.ASM9, method);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "closing", "(Ljava/lang/Object;)V", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1), maxLocals);
        }
    }

    /**
     * {@code Object routed = run(this, inputs, outputs, pinned, options); if (routed != null) return routed;} first,
     * with the one frame the branch needs; the app's code follows unchanged.
     */
    private static final class RunRoute extends MethodVisitor {
        RunRoute(MethodVisitor method) {
            super(Opcodes.ASM9, method);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (int slot = 0; slot <= 4; slot++) {
                super.visitVarInsn(Opcodes.ALOAD, slot);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "run", "(Ljava/lang/Object;Ljava/lang/Object;"
                    + "Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
            super.visitInsn(Opcodes.DUP);
            Label appBody = new Label();
            super.visitJumpInsn(Opcodes.IFNULL, appBody);
            super.visitTypeInsn(Opcodes.CHECKCAST, "ai/onnxruntime/OrtSession$Result");
            super.visitInsn(Opcodes.ARETURN);
            super.visitLabel(appBody);
            super.visitFrame(Opcodes.F_NEW, 5, new Object[] {SESSION, "java/util/Map", "java/util/Set",
                    "java/util/Map", "ai/onnxruntime/OrtSession$RunOptions"}, 1, new Object[] {OBJECT});
            super.visitInsn(Opcodes.POP);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 6), maxLocals);
        }
    }
}
