package io.jprune.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrarySearchTest {
    @TempDir
    Path root;

    @Test
    void findsTheFirstDirectoryHoldingTheFile() throws IOException {
        Path first = Files.createDirectories(root.resolve("first"));
        Path second = Files.createDirectories(root.resolve("second"));
        Path third = Files.createDirectories(root.resolve("third"));
        Files.createDirectories(first.resolve("libcuda.so.1"));   // a directory of that name does not count
        Files.writeString(second.resolve("libcuda.so.1"), "x");
        Files.writeString(third.resolve("libcuda.so.1"), "x");
        LibrarySearch search = new LibrarySearch(List.of(root.resolve("missing"), first, second, third));
        assertEquals(Optional.of(second.resolve("libcuda.so.1")), search.find("libcuda.so.1"));
        assertEquals(Optional.empty(), search.find("libcudart.so.13"));
    }

    @Test
    void readsLdSoConfWithIncludesAndComments() throws IOException {
        Path conf = root.resolve("ld.so.conf");
        Path confD = Files.createDirectories(root.resolve("ld.so.conf.d"));
        Files.writeString(conf, "# top\n/opt/one\ninclude ld.so.conf.d/*.conf\n\n/opt/two # trailing\n");
        Files.writeString(confD.resolve("b.conf"), "/opt/b\n");
        Files.writeString(confD.resolve("a.conf"), "hwcap 0 nosegneg\n/opt/a1:/opt/a2\n");
        Files.writeString(confD.resolve("skip.txt"), "/opt/never\n");
        assertEquals(List.of(Path.of("/opt/one"), Path.of("/opt/a1"), Path.of("/opt/a2"), Path.of("/opt/b"),
                Path.of("/opt/two")), LibrarySearch.ldSoConf(conf));
    }

    @Test
    void survivesMissingAndSelfIncludingConfigurations() throws IOException {
        assertEquals(List.of(), LibrarySearch.ldSoConf(root.resolve("absent.conf")));
        Path loop = root.resolve("loop.conf");
        Files.writeString(loop, "/opt/x\ninclude loop.conf\n");
        List<Path> dirs = LibrarySearch.ldSoConf(loop);
        assertTrue(dirs.size() >= 1 && dirs.stream().allMatch(Path.of("/opt/x")::equals));
    }

    @Test
    void searchesTheLinkerPathsThenTheCudaToolkit() {
        List<Path> dirs = LibrarySearch.system().directories();
        assertTrue(dirs.contains(Path.of("/usr/lib/x86_64-linux-gnu")), dirs.toString());
        assertTrue(dirs.indexOf(Path.of("/usr/local/cuda/lib64")) > dirs.indexOf(Path.of("/usr/lib64")), dirs.toString());
    }
}
