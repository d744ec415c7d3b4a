package io.jprune.agent.instrumentation.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.instrumentation.plain.ClassNameGlob;
import io.jprune.agent.instrumentation.plain.ModuleClasses;
import io.jprune.testmodels.woven.Forwards;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The woven forwards, loaded and run: every forward reports its start with its arguments and its end with its
 * result, exactly once, whatever way it ends, and the class is otherwise the one javac wrote. The hooks are
 * {@link RecordingHooks}, so that the agent installed in this JVM is not involved.
 */
class ForwardHookWeaverTest {
    private static final ForwardHookWeaver WEAVER = new ForwardHookWeaver(
            new ModuleClasses(List.of(ClassNameGlob.of("io.jprune.testmodels.woven.*")), List.of("forward")),
            RecordingHooks.class.getName().replace('.', '/'));

    @BeforeEach
    void forgetEarlierEvents() {
        RecordingHooks.EVENTS.clear();
    }

    @Test
    void argumentsAreBoxedOnEntryAndResultsOnExit() throws Exception {
        Object module = newInstance(woven(Forwards.EveryType.class));
        int[] counts = {7, 8};
        assertEquals(6, call(module, "forward", new Class<?>[] {int.class}, 5));
        assertEquals(40L, call(module, "forward", new Class<?>[] {long.class, int.class}, 5L, 3));
        assertEquals(3.5, call(module, "forward", new Class<?>[] {double.class, float.class}, 1.5, 2f));
        assertEquals(5f, call(module, "forward", new Class<?>[] {float.class}, 2.5f));
        assertEquals(false, call(module, "forward", new Class<?>[] {boolean.class}, true));
        assertEquals('b', call(module, "forward", new Class<?>[] {char.class}, 'a'));
        assertEquals((byte) -4, call(module, "forward", new Class<?>[] {byte.class}, (byte) 4));
        assertEquals((short) 18, call(module, "forward", new Class<?>[] {short.class}, (short) 9));
        assertEquals("n=32", call(module, "forward", new Class<?>[] {String.class, long.class, int[].class}, "n=",
                3L, counts));
        assertEquals(null, call(module, "forward", new Class<?>[0]));

        assertEquals(List.of(
                RecordingHooks.entered(module, 5), RecordingHooks.exited(module, 6),
                RecordingHooks.entered(module, 5L, 3), RecordingHooks.exited(module, 40L),
                RecordingHooks.entered(module, 1.5, 2f), RecordingHooks.exited(module, 3.5),
                RecordingHooks.entered(module, 2.5f), RecordingHooks.exited(module, 5f),
                RecordingHooks.entered(module, true), RecordingHooks.exited(module, false),
                RecordingHooks.entered(module, 'a'), RecordingHooks.exited(module, 'b'),
                RecordingHooks.entered(module, (byte) 4), RecordingHooks.exited(module, (byte) -4),
                RecordingHooks.entered(module, (short) 9), RecordingHooks.exited(module, (short) 18),
                RecordingHooks.entered(module, "n=", 3L, counts), RecordingHooks.exited(module, "n=32"),
                RecordingHooks.entered(module), RecordingHooks.exited(module, null)), RecordingHooks.EVENTS);
        assertEquals(1, module.getClass().getField("calls").getInt(module), "the void forward's body ran once");
    }

    @Test
    void staticMethodsAndMethodsOfOtherNamesAreNotHooked() throws Exception {
        Class<?> type = woven(Forwards.EveryType.class);
        assertEquals(2, call(newInstance(type), "predict", new Class<?>[] {int.class}, 3));
        assertEquals(4, type.getMethod("forward", String.class).invoke(null, "four"));
        assertEquals(List.of(), RecordingHooks.EVENTS);
    }

    @Test
    void everyReturnReportsItsOwnResult() throws Exception {
        Object module = newInstance(woven(Forwards.EarlyReturns.class));
        assertEquals(-1, call(module, "forward", new Class<?>[] {int.class}, -5));
        assertEquals(3, call(module, "forward", new Class<?>[] {int.class}, 9));
        assertEquals(99, call(module, "forward", new Class<?>[] {int.class}, 1000));
        assertEquals(List.of(RecordingHooks.entered(module, -5), RecordingHooks.exited(module, -1),
                RecordingHooks.entered(module, 9), RecordingHooks.exited(module, 3),
                RecordingHooks.entered(module, 1000), RecordingHooks.exited(module, 99)), RecordingHooks.EVENTS);
    }

    @Test
    void aThrowableLeavingTheForwardIsReportedAndRethrownUnchanged() throws Exception {
        Object module = newInstance(woven(Forwards.Throwing.class));
        float[] empty = new float[0];
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> call(module, "forward", new Class<?>[] {float[].class}, (Object) empty));
        assertEquals(IllegalStateException.class, thrown.getCause().getClass());
        assertEquals("the app's own bug", thrown.getCause().getMessage());
        assertEquals("forward", thrown.getCause().getStackTrace()[0].getMethodName());
        assertEquals(List.of(RecordingHooks.entered(module, (Object) empty), RecordingHooks.exited(module, null)),
                RecordingHooks.EVENTS);
    }

    @Test
    void theForwardsOwnHandlersStillCatchWhatTheyCatch() throws Exception {
        Object module = newInstance(woven(Forwards.CatchesItsOwn.class));
        assertEquals(42, call(module, "forward", new Class<?>[] {String.class}, "42"));
        assertEquals(-1, call(module, "forward", new Class<?>[] {String.class}, "x"));
        assertThrows(InvocationTargetException.class, () -> call(module, "forward", new Class<?>[] {String.class},
                (Object) null), "the finally block's NullPointerException still leaves the forward");
        assertEquals(List.of(RecordingHooks.entered(module, "42"), RecordingHooks.exited(module, 42),
                RecordingHooks.entered(module, "x"), RecordingHooks.exited(module, -1),
                RecordingHooks.entered(module, (Object) null), RecordingHooks.exited(module, null)),
                RecordingHooks.EVENTS);
    }

    @Test
    void aLoopBackToTheFirstInstructionDoesNotEnterAgain() throws Exception {
        Object module = newInstance(woven(Forwards.LoopsFromTheStart.class));
        assertEquals(-2, call(module, "forward", new Class<?>[] {int.class}, 10));
        assertEquals(List.of(RecordingHooks.entered(module, 10), RecordingHooks.exited(module, -2)),
                RecordingHooks.EVENTS);
    }

    @Test
    void synchronizedForwardsAreHooked() throws Exception {
        Object module = newInstance(woven(Forwards.Synchronized.class));
        assertEquals(3, call(module, "forward", new Class<?>[] {int.class}, 3));
        assertEquals(7, call(module, "forward", new Class<?>[] {int.class}, 4));
        assertEquals(List.of(RecordingHooks.entered(module, 3), RecordingHooks.exited(module, 3),
                RecordingHooks.entered(module, 4), RecordingHooks.exited(module, 7)), RecordingHooks.EVENTS);
    }

    @Test
    void nestedForwardsReportInCallOrder() throws Exception {
        Map<String, byte[]> classes = wovenFiles(Forwards.Outer.class, Forwards.Inner.class);
        Object outer = newInstance(new WovenLoader(classes).loadClass(Forwards.Outer.class.getName()));
        assertEquals(60, call(outer, "forward", new Class<?>[] {int.class}, 5));
        Field field = outer.getClass().getDeclaredField("inner");
        field.setAccessible(true);
        Object inner = field.get(outer);
        assertEquals(List.of(RecordingHooks.entered(outer, 5), RecordingHooks.entered(inner, 5),
                RecordingHooks.exited(inner, 6), RecordingHooks.exited(outer, 60)), RecordingHooks.EVENTS);
    }

    @Test
    void aBridgeMethodIsNotHookedSoTheRealForwardReportsOnce() throws Exception {
        Map<String, byte[]> classes = wovenFiles(Forwards.Base.class, Forwards.Narrowing.class);
        Object module = newInstance(new WovenLoader(classes).loadClass(Forwards.Narrowing.class.getName()));
        Method throughBridge = module.getClass().getSuperclass().getMethod("forward", Object.class);
        assertEquals("narrowed 1", throughBridge.invoke(module, 1));
        assertEquals(List.of(RecordingHooks.entered(module, 1), RecordingHooks.exited(module, "narrowed 1")),
                RecordingHooks.EVENTS);
    }

    @Test
    void onlyClassesDeclaringAConcreteForwardAreWoven() throws Exception {
        assertTrue(WEAVER.declaresForward(new ClassReader(classFile(Forwards.EveryType.class))));
        assertFalse(WEAVER.declaresForward(new ClassReader(classFile(Forwards.Abstract.class))));
        assertFalse(WEAVER.declaresForward(new ClassReader(classFile(Forwards.WithDefault.class))));
        assertFalse(WEAVER.declaresForward(new ClassReader(classFile(Forwards.class))));
    }

    @Test
    void theWovenClassHasExactlyTheMembersTheAppWrote() throws Exception {
        Class<?> original = Forwards.EveryType.class;
        Class<?> woven = woven(original);
        assertEquals(members(original), members(woven));
        Field weight = woven.getDeclaredField("weight");
        assertTrue(Modifier.isPrivate(weight.getModifiers()) && Modifier.isFinal(weight.getModifiers()));
    }

    @Test
    void aJava5ClassWithoutStackMapFramesIsWovenToo() throws Exception {
        String name = "io.jprune.testmodels.woven.Java5Forward";
        ClassWriter writer = generatedClass(Opcodes.V1_5, name);
        MethodVisitor forward = writer.visitMethod(Opcodes.ACC_PUBLIC, "forward", "(I)I", null, null);
        forward.visitCode();
        Label positive = new Label();
        forward.visitVarInsn(Opcodes.ILOAD, 1);
        forward.visitJumpInsn(Opcodes.IFGE, positive);
        forward.visitInsn(Opcodes.ICONST_0);
        forward.visitInsn(Opcodes.IRETURN);
        forward.visitLabel(positive);
        forward.visitVarInsn(Opcodes.ILOAD, 1);
        forward.visitInsn(Opcodes.ICONST_2);
        forward.visitInsn(Opcodes.IMUL);
        forward.visitInsn(Opcodes.IRETURN);
        forward.visitMaxs(0, 0);
        forward.visitEnd();
        writer.visitEnd();

        Object module = newInstance(load(name, writer.toByteArray()));
        assertEquals(0, call(module, "forward", new Class<?>[] {int.class}, -3));
        assertEquals(6, call(module, "forward", new Class<?>[] {int.class}, 3));
        assertEquals(List.of(RecordingHooks.entered(module, -3), RecordingHooks.exited(module, 0),
                RecordingHooks.entered(module, 3), RecordingHooks.exited(module, 6)), RecordingHooks.EVENTS);
    }

    @Test
    void valuesLeftOnTheStackBelowTheResultDoNotMatter() throws Exception {
        String name = "io.jprune.testmodels.woven.LeavesResidue";
        ClassWriter writer = generatedClass(Opcodes.V17, name);
        MethodVisitor forward = writer.visitMethod(Opcodes.ACC_PUBLIC, "forward",
                "(Ljava/lang/Object;)Ljava/lang/Object;", null, null);
        forward.visitCode();
        forward.visitInsn(Opcodes.ICONST_5);
        forward.visitInsn(Opcodes.LCONST_1);
        forward.visitVarInsn(Opcodes.ALOAD, 1);
        forward.visitInsn(Opcodes.ARETURN);
        forward.visitMaxs(0, 0);
        forward.visitEnd();
        writer.visitEnd();

        Object module = newInstance(load(name, writer.toByteArray()));
        assertEquals("x", call(module, "forward", new Class<?>[] {Object.class}, "x"));
        assertEquals(List.of(RecordingHooks.entered(module, "x"), RecordingHooks.exited(module, "x")),
                RecordingHooks.EVENTS);
    }

    private static ClassWriter generatedClass(int version, String name) {
        ClassWriter writer = new ClassWriter(version >= Opcodes.V1_6 ? ClassWriter.COMPUTE_FRAMES
                : ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name.replace('.', '/'), null,
                "java/lang/Object", null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        return writer;
    }

    private static Class<?> load(String name, byte[] original) throws ClassNotFoundException {
        ClassReader reader = new ClassReader(original);
        assertTrue(WEAVER.declaresForward(reader));
        return new WovenLoader(Map.of(name, WEAVER.weave(reader))).loadClass(name);
    }

    private static Class<?> woven(Class<?> type) throws Exception {
        return new WovenLoader(wovenFiles(type)).loadClass(type.getName());
    }

    private static Map<String, byte[]> wovenFiles(Class<?>... types) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        for (Class<?> type : types) {
            ClassReader reader = new ClassReader(classFile(type));
            files.put(type.getName(), WEAVER.declaresForward(reader) ? WEAVER.weave(reader) : classFile(type));
        }
        return files;
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static Object newInstance(Class<?> type) throws Exception {
        return type.getConstructor().newInstance();
    }

    private static Object call(Object module, String name, Class<?>[] parameters, Object... arguments)
            throws Exception {
        return module.getClass().getMethod(name, parameters).invoke(module, arguments);
    }

    /** Fields and methods with their types and modifiers, as text. */
    private static TreeSet<String> members(Class<?> type) {
        TreeSet<String> members = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            members.add(Modifier.toString(field.getModifiers()) + " " + field.getType().getName() + " "
                    + field.getName());
        }
        for (Method method : type.getDeclaredMethods()) {
            members.add(Modifier.toString(method.getModifiers()) + " " + method.getName()
                    + Arrays.toString(method.getParameterTypes()) + " " + method.getReturnType().getName());
        }
        return members;
    }

    /** Defines the given class files itself and asks its parent for everything else. */
    private static final class WovenLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        WovenLoader(Map<String, byte[]> classes) {
            super(ForwardHookWeaverTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            byte[] file = classes.get(name);
            if (file == null) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, file, 0, file.length);
            }
        }
    }

    /** Stands in for {@link ForwardHooks}: records every call. */
    public static final class RecordingHooks {
        static final List<List<Object>> EVENTS = Collections.synchronizedList(new ArrayList<>());

        private RecordingHooks() {
        }

        /** Called by the woven code. */
        public static void enter(Object module, Object[] arguments) {
            EVENTS.add(entered(module, arguments.clone()));
        }

        /** Called by the woven code. */
        public static void exit(Object module, Object returned) {
            EVENTS.add(exited(module, returned));
        }

        static List<Object> entered(Object module, Object... arguments) {
            List<String> described = new ArrayList<>();
            for (Object argument : arguments) {
                described.add(argument instanceof int[] ints ? "int[]" + Arrays.toString(ints)
                        : argument + ":" + type(argument));
            }
            return List.of("enter", identity(module), described);
        }

        static List<Object> exited(Object module, Object returned) {
            return List.of("exit", identity(module), String.valueOf(returned), type(returned));
        }

        private static String identity(Object module) {
            return module.getClass().getName() + "@" + System.identityHashCode(module);
        }

        private static String type(Object value) {
            return value == null ? "null" : value.getClass().getSimpleName();
        }
    }
}
