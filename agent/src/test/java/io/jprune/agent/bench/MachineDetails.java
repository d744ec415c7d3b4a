package io.jprune.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The machine the figures came from, since a ratio means little without it: CPU, cores, memory, JDK, OS,
 * date, and the load average (a shared machine's other work is part of every figure).
 *
 * @param cpu    the CPU model from {@code /proc/cpuinfo}
 * @param cores  processors available to the JVM
 * @param memory total memory from {@code /proc/meminfo}
 * @param jdk    the JVM's name and version
 * @param os     the operating system's name, version and architecture
 * @param date   when the run started
 */
record MachineDetails(String cpu, int cores, String memory, String jdk, String os, String date) {

    static MachineDetails now() {
        return new MachineDetails(
                firstValue(Path.of("/proc/cpuinfo"), "model name"),
                Runtime.getRuntime().availableProcessors(),
                totalMemory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)));
    }

    /** The 1, 5 and 15 minute load averages, or "unknown" where {@code /proc/loadavg} is missing. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String totalMemory() {
        String total = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        try {
            long kib = Long.parseLong(total.replace("kB", "").trim());
            return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return total;
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
