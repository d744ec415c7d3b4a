package io.jprune.agent.instrumentation.forward;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The body of one forward method with its hooks: {@code hooks.enter(this, arguments)} first, then the app's
 * code, with {@code hooks.exit(this, result)} before every return and {@code hooks.exit(this, null)} when a
 * throwable leaves the method, which is rethrown unchanged. Primitive arguments and results are boxed.
 *
 * <p>Nothing is added that the app's code could observe: no local variable (the result is duplicated on the
 * stack), no branch inside the app's code, and the one exception handler comes after the app's own handlers,
 * so that those keep catching what they caught. The hooks catch everything themselves, and the caller weaves
 * only classes whose loader finds them, so that the calls cannot fail to link and throw into the app.
 */
final class HookedForward extends MethodVisitor {
    private static final String ENTER = "(Ljava/lang/Object;[Ljava/lang/Object;)V";
    private static final String EXIT = "(Ljava/lang/Object;Ljava/lang/Object;)V";
    /** The boxing of the arguments array: this, the array twice, the index and a long or a double. */
    private static final int ENTRY_STACK = 6;
    /** A result duplicated (two slots for a long), then boxed, then {@code this}. */
    private static final int EXTRA_STACK_AT_RETURN = 3;

    private final String hooks;
    private final String owner;
    private final Type method;
    private final boolean framesRequired;
    private final Label body = new Label();
    private final Label bodyEnd = new Label();
    private final Label thrown = new Label();

    /**
     * @param target         where the hooked body is written
     * @param hooks          internal name of the hooks class
     * @param owner          internal name of the class declaring the method
     * @param descriptor     the method's descriptor
     * @param framesRequired whether the class file version needs stack map frames (Java 6 and later)
     */
    HookedForward(MethodVisitor target, String hooks, String owner, String descriptor, boolean framesRequired) {
        super(Opcodes.ASM9, target);
        this.hooks = hooks;
        this.owner = owner;
        this.method = Type.getMethodType(descriptor);
        this.framesRequired = framesRequired;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        super.visitVarInsn(Opcodes.ALOAD, 0);
        pushArgumentsArray();
        super.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, "enter", ENTER, false);
        super.visitLabel(body);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            reportReturn(opcode);
        }
        super.visitInsn(opcode);
    }

    /**
     * Called after the app's last instruction (and after the app's exception handlers were declared, which
     * keeps them first in the exception table): the handler that reports a throwable leaving the method.
     */
    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitLabel(bodyEnd);
        super.visitTryCatchBlock(body, bodyEnd, thrown, null);
        super.visitLabel(thrown);
        if (framesRequired) {
            super.visitFrame(Opcodes.F_NEW, 1, new Object[] {owner}, 1, new Object[] {"java/lang/Throwable"});
        }
        super.visitVarInsn(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, "exit", EXIT, false);
        super.visitInsn(Opcodes.ATHROW);
        super.visitMaxs(Math.max(maxStack + EXTRA_STACK_AT_RETURN, ENTRY_STACK), maxLocals);
    }

    private void pushArgumentsArray() {
        Type[] arguments = method.getArgumentTypes();
        pushInt(arguments.length);
        super.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        int slot = 1;
        for (int i = 0; i < arguments.length; i++) {
            super.visitInsn(Opcodes.DUP);
            pushInt(i);
            super.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), slot);
            box(arguments[i]);
            super.visitInsn(Opcodes.AASTORE);
            slot += arguments[i].getSize();
        }
    }

    /** Stack before: the result (if any) on top; after: the same, with {@code exit(this, result)} called. */
    private void reportReturn(int opcode) {
        if (opcode == Opcodes.RETURN) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitInsn(Opcodes.ACONST_NULL);
        } else {
            Type result = method.getReturnType();
            super.visitInsn(result.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
            box(result);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitInsn(Opcodes.SWAP);
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, hooks, "exit", EXIT, false);
    }

    private void box(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN -> valueOf("java/lang/Boolean", "(Z)Ljava/lang/Boolean;");
            case Type.BYTE -> valueOf("java/lang/Byte", "(B)Ljava/lang/Byte;");
            case Type.CHAR -> valueOf("java/lang/Character", "(C)Ljava/lang/Character;");
            case Type.SHORT -> valueOf("java/lang/Short", "(S)Ljava/lang/Short;");
            case Type.INT -> valueOf("java/lang/Integer", "(I)Ljava/lang/Integer;");
            case Type.LONG -> valueOf("java/lang/Long", "(J)Ljava/lang/Long;");
            case Type.FLOAT -> valueOf("java/lang/Float", "(F)Ljava/lang/Float;");
            case Type.DOUBLE -> valueOf("java/lang/Double", "(D)Ljava/lang/Double;");
            default -> {
                // a reference is passed as it is
            }
        }
    }

    private void valueOf(String boxType, String descriptor) {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, boxType, "valueOf", descriptor, false);
    }

    private void pushInt(int value) {
        if (value <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, value);
        } else {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        }
    }
}
