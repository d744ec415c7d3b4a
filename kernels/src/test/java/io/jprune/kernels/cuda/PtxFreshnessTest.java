package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed jprune.ptx must be what build-ptx.sh makes of today's sources: a machine without the
 * CUDA toolkit packages it as it is. The two hashes it records, of the sources and of the PTX itself,
 * are checked everywhere; where nvcc is present (the same release that made the committed file), the PTX
 * is regenerated and compared whole.
 */
class PtxFreshnessTest {
    private static final Path SCRIPT = Path.of("build-ptx.sh");
    private static final Path SOURCES = Path.of("src", "main", "cuda");
    private static final Path COMMITTED = Path.of("src", "main", "resources", "io", "jprune", "kernels", "cuda", "jprune.ptx");
    /** build-ptx.sh's lines above nvcc's output: what the file is, the sources hash, the PTX hash. */
    private static final int HEADER_LINES = 3;

    @TempDir
    Path temp;

    @Test
    void recordsTheHashOfTodaysSourcesAndFlags() throws Exception {
        String recorded = header(Files.readString(COMMITTED), "// jprune-sources-sha256: (\\p{XDigit}{64})")
                .orElseThrow(() -> new AssertionError(COMMITTED + " has no jprune-sources-sha256 line"));
        assertEquals(sourcesHash(), recorded, "jprune.ptx is stale: run kernels/build-ptx.sh and commit the result");
    }

    /** A hand edit of the PTX (a patched instruction, a dropped line) fails here, with or without nvcc. */
    @Test
    void recordsTheHashOfThePtxBelowTheHeader() throws Exception {
        byte[] committed = Files.readAllBytes(COMMITTED);
        String text = new String(committed, StandardCharsets.UTF_8);
        String recorded = header(text, "// jprune-ptx-sha256: (\\p{XDigit}{64})")
                .orElseThrow(() -> new AssertionError(COMMITTED + " has no jprune-ptx-sha256 line"));
        int body = 0;
        for (int line = 0; line < HEADER_LINES; line++) {
            while (committed[body] != '\n') {
                body++;
            }
            body++;
        }
        byte[] ptx = Arrays.copyOfRange(committed, body, committed.length);
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ptx));
        assertEquals(recorded, actual, "jprune.ptx was edited by hand: run kernels/build-ptx.sh and commit the result");
    }

    @Test
    void declaresEveryKernelTheLauncherCallsForTheOldestSupportedArchitecture() throws IOException {
        String ptx = Files.readString(COMMITTED);
        assertTrue(ptx.contains("\n.target sm_75\n"), "compute_75 PTX");
        for (CudaDevice.Kernel kernel : CudaDevice.Kernel.values()) {
            assertTrue(ptx.contains(".visible .entry " + kernel.symbol + "("), kernel.symbol);
        }
        try (InputStream packaged = CudaProbe.class.getResourceAsStream(CudaProbe.PTX_RESOURCE)) {
            assertEquals(ptx, new String(packaged.readAllBytes(), StandardCharsets.UTF_8), "the classpath copy");
        }
    }

    @Test
    void regeneratesIdenticallyWithNvcc() throws Exception {
        Optional<Path> nvcc = onPath("nvcc");
        assumeTrue(nvcc.isPresent(), "nvcc not found on PATH: only the recorded source hash is checked");
        String committed = Files.readString(COMMITTED);
        Path fresh = temp.resolve("jprune.ptx");
        Process process = new ProcessBuilder("bash", SCRIPT.toString(), fresh.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "build-ptx.sh finished");
        assertEquals(0, process.exitValue(), output);
        String regenerated = Files.readString(fresh);
        String committedRelease = header(committed, "// (Cuda compilation tools, .*)").orElse("unknown");
        String freshRelease = header(regenerated, "// (Cuda compilation tools, .*)").orElse("unknown");
        assumeTrue(committedRelease.equals(freshRelease), "jprune.ptx was made by " + committedRelease
                + ", this nvcc is " + freshRelease + ": only the recorded source hash is checked");
        assertEquals(withoutHeader(committed), withoutHeader(regenerated),
                "jprune.ptx is stale: run kernels/build-ptx.sh and commit the result");
    }

    /** build-ptx.sh's hash: the flags line, then each source file's name and bytes, in C (byte) order. */
    static String sourcesHash() throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((flags() + "\n").getBytes(StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> listing = Files.list(SOURCES)) {
            files = listing.sorted((a, b) -> compareBytes(a.getFileName().toString(), b.getFileName().toString()))
                    .collect(Collectors.toList());
        }
        for (Path file : files) {
            bytes.write((file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            bytes.write(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    private static String flags() throws IOException {
        return header(Files.readString(SCRIPT), "(?m)^flags=\"([^\"]*)\"$")
                .orElseThrow(() -> new AssertionError("build-ptx.sh has no flags=\"...\" line"));
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> header(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The PTX without the comment lines above its first directive (nvcc's and build-ptx.sh's headers). */
    private static String withoutHeader(String ptx) {
        List<String> lines = ptx.lines().collect(Collectors.toList());
        int first = 0;
        while (first < lines.size() && (lines.get(first).startsWith("//") || lines.get(first).isBlank())) {
            first++;
        }
        return String.join("\n", lines.subList(first, lines.size()));
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }
}
