package io.jprune.agent.instrumentation.onnxruntime;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.jprune.runtime.diagnostics.DiagnosticLog;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Sessions the app created before jprune was loaded ({@code jprune attach}): Java cannot list existing objects and
 * ONNX Runtime keeps neither the model's path nor its bytes, so such a session is met at its first {@code run}, and
 * its model is looked for among the {@code .onnx} files the app can see: those given with the agent option
 * {@code onnx.models}, those on its class path (in jars too) and those in its working directory. The one whose
 * inputs, outputs and metadata are the session's ({@link SessionSignature}) is taken. The app's
 * {@code SessionOptions} cannot be recovered: sessions jprune builds for it use ONNX Runtime's defaults. Each
 * session is looked for once; one that matches no file stays the app's alone, and the first such is logged with
 * what was tried.
 */
final class EarlierSessions {
    /** How deep a directory named by the option, or on the class path, is searched. */
    private static final int DEPTH = 8;
    /** How deep the working directory is searched: it may be a large tree. */
    private static final int WORKING_DIRECTORY_DEPTH = 2;
    private static final int LISTED = 10;

    private final List<Path> configured;
    private final Map<Object, Boolean> tried = Collections.synchronizedMap(new WeakHashMap<>());
    private final ReentrantLock searching = new ReentrantLock();
    private volatile boolean toldHow;

    /** @param configured the files and directories of the agent option {@code onnx.models} */
    EarlierSessions(List<Path> configured) {
        this.configured = List.copyOf(configured);
    }

    /**
     * What jprune knows of {@code session} once its model is found, or {@code null}: not found, looked for before,
     * or being looked for by another thread (whose runs meanwhile stay the app's own).
     */
    SessionRecord adopt(Object session) {
        if (tried.containsKey(session) || !searching.tryLock()) {
            return null;
        }
        try {
            tried.put(session, Boolean.TRUE);
            SessionSignature signature = SessionSignature.of(session);
            List<String> looked = new ArrayList<>();
            for (Candidate candidate : candidates()) {
                looked.add(candidate.toString());
                byte[] bytes;
                SessionSignature model;
                try {
                    bytes = candidate.bytes();
                    model = SessionSignature.of(ModelProto.parseFrom(bytes));
                } catch (IOException | RuntimeException e) {
                    DiagnosticLog.debug("not an ONNX model jprune can read: " + candidate + ": " + e.getMessage());
                    continue;
                }
                if (model.admits(signature)) {
                    ModelSource source = candidate.source(bytes, session);
                    DiagnosticLog.info("an ONNX Runtime session created before jprune was loaded runs the model in "
                            + candidate + " (" + signature + "); jprune cannot recover the app's SessionOptions, so "
                            + "the sessions it builds with pruned weights use ONNX Runtime's default options");
                    return new SessionRecord(session, source, null);
                }
            }
            notFound(signature, looked);
            return null;
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("looking for the model of an ONNX Runtime session created before jprune", t);
            return null;
        } finally {
            searching.unlock();
        }
    }

    private void notFound(SessionSignature signature, List<String> looked) {
        String text = "an ONNX Runtime session created before jprune was loaded (" + signature + ") matches none of "
                + looked.size() + " .onnx file(s) jprune looked at (the agent option onnx.models, the class path, "
                + "the working directory " + Path.of("").toAbsolutePath() + ")"
                + (looked.isEmpty() ? "" : ": " + String.join(", ", looked.subList(0, Math.min(LISTED, looked.size())))
                + (looked.size() > LISTED ? ", ... (" + (looked.size() - LISTED) + " more)" : ""))
                + "; it stays the app's alone. Name its model file with the agent option "
                + "onnx.models=/path/to/model.onnx (several joined with +; a directory is searched), e.g. "
                + "jprune attach <pid> onnx.models=/path/to/model.onnx";
        if (toldHow) {
            DiagnosticLog.debug(text);
        } else {
            toldHow = true;
            DiagnosticLog.info(text);
        }
    }

    /** Every {@code .onnx} file to try, in order: the option's, the class path's, the working directory's. */
    List<Candidate> candidates() {
        Set<Path> files = new LinkedHashSet<>();
        List<Candidate> inJars = new ArrayList<>();
        for (Path path : configured) {
            collect(path, DEPTH, files);
        }
        String classPath = System.getProperty("java.class.path", "");
        for (String entry : classPath.isEmpty() ? new String[0] : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
                resources(path, inJars);
            } else {
                collect(path, DEPTH, files);
            }
        }
        collect(Path.of("").toAbsolutePath(), WORKING_DIRECTORY_DEPTH, files);
        List<Candidate> all = new ArrayList<>();
        for (Path file : files) {
            all.add(new FileCandidate(file));
        }
        all.addAll(inJars);
        return all;
    }

    private static void collect(Path path, int depth, Set<Path> files) {
        Path start = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(start)) {
            files.add(start);
            return;
        }
        if (!Files.isDirectory(start)) {
            return;
        }
        try {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".onnx")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            DiagnosticLog.debug("cannot search " + start + " for .onnx files: " + e.getMessage());
        }
    }

    private static void resources(Path jar, List<Candidate> candidates) {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                if (!entry.isDirectory() && entry.getName().endsWith(".onnx")) {
                    candidates.add(new ResourceCandidate(jar, entry.getName()));
                }
            }
        } catch (IOException e) {
            DiagnosticLog.debug("cannot search " + jar + " for .onnx files: " + e.getMessage());
        }
    }

    /** A model file that may be a session's. */
    interface Candidate {
        /** Its bytes, read now. */
        byte[] bytes() throws IOException;

        /** Where the session's model is read again from once it is found to be this one. */
        ModelSource source(byte[] bytes, Object session);
    }

    private record FileCandidate(Path file) implements Candidate {
        @Override
        public byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public ModelSource source(byte[] bytes, Object session) {
            return ModelSource.ofFile(file);
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    private record ResourceCandidate(Path jar, String entry) implements Candidate {
        @Override
        public byte[] bytes() throws IOException {
            try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(entry))) {
                return in.readAllBytes();
            }
        }

        @Override
        public ModelSource source(byte[] bytes, Object session) {
            String name = entry.substring(entry.lastIndexOf('/') + 1);
            return ModelSource.ofResource(bytes, name.substring(0, name.length() - ".onnx".length()), session);
        }

        @Override
        public String toString() {
            return jar + "!/" + entry;
        }
    }
}
