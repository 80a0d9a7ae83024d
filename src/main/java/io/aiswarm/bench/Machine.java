package io.aiswarm.bench;

import io.aiswarm.tmux.TmuxProcessRunner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on: what a reader needs to judge the figures. */
public record Machine(int cores, double memoryGiB, String cpu, String os, String jdk, String tmux,
                      double loadAverage) {

    public static Machine current() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        String tmux = String.join(" ", new TmuxProcessRunner("swarm-bench-version").tryRun("-V").stdout()).trim();
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryGiB(), cpuModel(),
                os.getName() + " " + os.getVersion() + " " + os.getArch(),
                Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vm.vendor") + ")",
                tmux.isEmpty() ? "unknown" : tmux, os.getSystemLoadAverage());
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, %s, JDK %s, %s, load average %.2f at start",
                cores, cpu, memoryGiB, os, jdk, tmux, loadAverage);
    }

    private static double totalMemoryGiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return Double.NaN;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return "unknown CPU";
    }
}
