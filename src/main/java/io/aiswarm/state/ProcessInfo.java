package io.aiswarm.state;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's host name and pid, recorded in locks so a person can tell who holds one. */
public final class ProcessInfo {
    public static final long PID = ProcessHandle.current().pid();
    public static final String HOST = hostName();

    private ProcessInfo() {
    }

    private static String hostName() {
        // /etc/hostname avoids a DNS lookup, which can stall for seconds on a badly configured machine
        try {
            String name = Files.readString(Path.of("/etc/hostname")).trim();
            if (!name.isEmpty()) return name;
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
