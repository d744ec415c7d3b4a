package io.jprune.kernels.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the dynamic linker would look for a shared library, searched with plain file checks. The CUDA
 * probe asks this before it lets JavaCPP touch any native code: a failed native load cannot be undone
 * for the life of the JVM, a missing file can be reported as a clean reason.
 */
final class LibrarySearch {
    private static final List<String> DEFAULT_DIRECTORIES = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            "/usr/lib/wsl/lib");

    /** Where CUDA toolkits install the runtime without registering it with the linker. */
    private static final List<String> CUDA_TOOLKIT_DIRECTORIES = List.of(
            "/usr/local/cuda/lib64", "/usr/local/cuda/lib", "/usr/local/cuda/targets/x86_64-linux/lib",
            "/usr/local/cuda-13/lib64", "/usr/local/cuda-13.0/lib64", "/usr/local/cuda-13.0/lib",
            "/usr/local/cuda-13.1/lib64", "/usr/local/cuda-13.1/lib");

    private final List<Path> directories;

    LibrarySearch(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /**
     * The linker's own order: LD_LIBRARY_PATH, then java.library.path, then /etc/ld.so.conf, then the
     * default directories, then the usual CUDA toolkit folders.
     */
    static LibrarySearch system() {
        Set<Path> found = new LinkedHashSet<>();
        addPathList(found, System.getenv("LD_LIBRARY_PATH"));
        addPathList(found, System.getProperty("java.library.path"));
        found.addAll(ldSoConf(Path.of("/etc/ld.so.conf")));
        DEFAULT_DIRECTORIES.forEach(d -> found.add(Path.of(d)));
        CUDA_TOOLKIT_DIRECTORIES.forEach(d -> found.add(Path.of(d)));
        return new LibrarySearch(new ArrayList<>(found));
    }

    List<Path> directories() {
        return directories;
    }

    /** The first regular file of that name in the search directories. */
    Optional<Path> find(String fileName) {
        for (Path directory : directories) {
            Path candidate = directory.resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The directories listed in an ld.so.conf file, following its include lines (glob patterns allowed). */
    static List<Path> ldSoConf(Path conf) {
        List<Path> out = new ArrayList<>();
        readLdSoConf(conf, out, 0);
        return out;
    }

    private static void readLdSoConf(Path conf, List<Path> out, int depth) {
        if (depth > 8 || !Files.isReadable(conf)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty() || line.startsWith("hwcap")) {
                continue;
            }
            if (line.startsWith("include ")) {
                for (String pattern : line.substring("include ".length()).trim().split("\\s+")) {
                    Path resolved = conf.resolveSibling(pattern);
                    for (Path included : glob(resolved)) {
                        readLdSoConf(included, out, depth + 1);
                    }
                }
            } else {
                for (String directory : line.split("[:,\\s]+")) {
                    if (!directory.isEmpty()) {
                        out.add(Path.of(directory));
                    }
                }
            }
        }
    }

    private static List<Path> glob(Path pattern) {
        Path parent = pattern.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return List.of();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent, pattern.getFileName().toString())) {
            stream.forEach(matches::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        Path[] sorted = matches.toArray(new Path[0]);
        Arrays.sort(sorted);
        return List.of(sorted);
    }

    private static void addPathList(Set<Path> out, String list) {
        if (list == null) {
            return;
        }
        for (String entry : list.split(":")) {
            if (!entry.isBlank()) {
                out.add(Path.of(entry));
            }
        }
    }
}
