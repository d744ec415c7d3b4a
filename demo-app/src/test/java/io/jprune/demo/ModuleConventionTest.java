package io.jprune.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The agent treats any class declaring {@code forward} as a module: only the layers may. */
class ModuleConventionTest {

    @Test
    void onlyModulesDeclareForward() throws Exception {
        Path classes = Path.of(LeNet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('/', '.').replace('\\', '.'))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .collect(Collectors.toList());
        }
        assertTrue(names.size() > 5, "found classes " + names);
        Set<String> withForward = new TreeSet<>();
        for (String name : names) {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("forward")) {
                    withForward.add(c.getSimpleName());
                }
            }
        }
        assertEquals(Set.of("Conv2d", "LeNet", "Linear"), withForward);
    }

    @Test
    void layerFieldsArePrivateFinal() throws Exception {
        for (Class<?> c : List.of(Conv2d.class, Linear.class, LeNet.class)) {
            c.getDeclaredFields();
            for (var f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                assertTrue(Modifier.isPrivate(f.getModifiers()) && Modifier.isFinal(f.getModifiers()),
                        c.getSimpleName() + "." + f.getName());
            }
        }
        Conv2d.class.getDeclaredField("inChannels");
        Conv2d.class.getDeclaredField("outChannels");
        Conv2d.class.getDeclaredField("kernelSize");
        Conv2d.class.getDeclaredField("stride");
        Conv2d.class.getDeclaredField("weight");
        Conv2d.class.getDeclaredField("bias");
        Linear.class.getDeclaredField("inFeatures");
        Linear.class.getDeclaredField("outFeatures");
        Linear.class.getDeclaredField("weight");
        Linear.class.getDeclaredField("bias");
        for (String f : List.of("conv1", "conv2", "fc1", "fc2", "fc3")) {
            LeNet.class.getDeclaredField(f);
        }
    }
}
