package io.jprune.agent.instrumentation.djl;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code ai.djl.training.ParameterStore} with one call, and nothing else (no member added, so that a loaded
 * class can be retransformed): before each {@code return} of {@code getValue(Parameter, Device, boolean)}, through
 * which every DJL layer reads its weights, {@code return (NDArray) DjlHooks.value(returned, parameter)}, which is the
 * value the store found unless jprune installed a masked weight for that parameter.
 */
final class ParameterStoreWeaver {
    /** The class this weaver rewrites, as the JVM names it. */
    static final String STORE = "ai/djl/training/ParameterStore";

    private static final String HOOKS = DjlHooks.class.getName().replace('.', '/');
    private static final String GET_VALUE = "(Lai/djl/nn/Parameter;Lai/djl/Device;Z)Lai/djl/ndarray/NDArray;";

    private ParameterStoreWeaver() {
    }

    /** The class file of {@code ParameterStore} with the hook. */
    static byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                return name.equals("getValue") && descriptor.equals(GET_VALUE) ? new ValueHook(method) : method;
            }
        }, 0);
        return writer.toByteArray();
    }

    /** {@code returned = (NDArray) DjlHooks.value(returned, parameter)} before every {@code areturn}. */
    private static final class ValueHook extends MethodVisitor {
        ValueHook(MethodVisitor method) {
            super(Opcodes.ASM9, method);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "value",
                        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                super.visitTypeInsn(Opcodes.CHECKCAST, "ai/djl/ndarray/NDArray");
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, 1) + 1, maxLocals);
        }
    }
}
