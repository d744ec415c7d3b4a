package io.jprune.agent.reliability;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The network sockets a process holds, read from Linux's {@code /proc}: its file descriptors name socket inodes,
 * and {@code /proc/net/{tcp,tcp6,udp,udp6}} list those inodes with their addresses and states.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** Whether this machine has the {@code /proc} files needed. */
    static boolean readable() {
        return Files.isReadable(Paths.get("/proc/net/tcp")) && Files.isDirectory(Paths.get("/proc/self/fd"));
    }

    /**
     * Every TCP or UDP socket of process {@code pid}, e.g. {@code tcp6 0000...:1F90 LISTEN}; local (UNIX) sockets,
     * such as the Attach API's, are not network sockets and are not listed.
     */
    static List<String> networkSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing: it holds no socket now
                }
            }
        }
        List<String> sockets = new ArrayList<>();
        for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path table = Paths.get("/proc/net", protocol);
            if (!Files.isReadable(table)) {
                continue;
            }
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && inodes.contains(fields[9])) {
                    sockets.add(protocol + " " + fields[1] + (protocol.startsWith("tcp") && LISTEN.equals(fields[3])
                            ? " LISTEN" : " state " + fields[3]));
                }
            }
        }
        return sockets;
    }

    /** The port of a {@code /proc/net} local address such as {@code 0100007F:1F90}. */
    static int port(String socket) {
        String address = socket.split(" ")[1];
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
