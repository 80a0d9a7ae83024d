package io.aiswarm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL server for tests: its own cluster in a temporary directory, listening on a free port of
 * 127.0.0.1 (and a unix socket in that directory only), password (SCRAM) authentication over TCP for the user
 * {@link #USER}. {@link #close()} stops it and deletes the directory; a shutdown hook stops any server a test left
 * running, also when the JVM is interrupted.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root every server program runs as {@code nobody},
 * which owns the directory. initdb runs once per JVM (it took 80 s on a machine at load 100); every further server
 * starts from a copy of that cluster. A test class whose tests need PostgreSQL starts one in {@code @BeforeAll}: when
 * PostgreSQL is not installed the class is skipped, saying how to install it.
 */
public final class PrivatePostgres implements AutoCloseable {
    public static final String USER = "swarm";
    /** Random per JVM; reaches the server only through a 0600 file read by initdb and the clients' PGPASSWORD. */
    public static final String PASSWORD = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private static final String RUN_AS = "nobody";
    private static final long TIMEOUT_SEC = 900; // pg_ctl's own wait, and ours for any program
    private static final Set<PrivatePostgres> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Path template;
    private static PrivatePostgres shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(PrivatePostgres::close),
                "private-postgres-stop"));
    }

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private volatile int port;
    private volatile boolean running;

    private PrivatePostgres(Path bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("server.log");
    }

    /** A new server, running; skips the calling test (class) when PostgreSQL is not installed. */
    public static PrivatePostgres start() {
        Path bin = requireInstalled();
        Path dir = newDirectory("ai-swarm-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, dir);
        try {
            copyTree(templateCluster(bin), pg.data);
            pg.startOnFreePort();
            return pg;
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /**
     * One server for every test class of this JVM that only needs a database of its own ({@link #createDatabase()}):
     * starting a server took 24 s at load 100. Never stop or restart it; a test that does starts its own. Stopped at
     * JVM exit.
     */
    public static synchronized PrivatePostgres shared() {
        if (shared == null || !shared.running) shared = start();
        return shared;
    }

    /** The directory of initdb and pg_ctl; skips the calling test when there is none. */
    public static Path requireInstalled() {
        var bin = PostgresBinaries.find();
        Assumptions.assumeTrue(bin.isPresent(), PostgresBinaries.MISSING);
        Assumptions.assumeTrue(!isRoot() || Files.isExecutable(Path.of("/usr/sbin/runuser"))
                        || Files.isExecutable(Path.of("/sbin/runuser")),
                "running as root, PostgreSQL must run as another user, but runuser (util-linux) is missing");
        return bin.get();
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return dir;
    }

    /** The postmaster's pid (from postmaster.pid), or -1 when it is not running. */
    public long serverPid() {
        try {
            return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The store URL a user would set in AI_SWARM_STORE (the password comes from PGPASSWORD). */
    public String storeUrl(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    /** AI_SWARM_STORE and PGPASSWORD for {@code database}: what a master on another "machine" would have set. */
    public Map<String, String> storeEnv(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("AI_SWARM_STORE", storeUrl(database));
        env.put("PGPASSWORD", PASSWORD);
        return env;
    }

    /** Creates a new, empty database and returns its name. */
    public String createDatabase() {
        String name = "swarm_test_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** A connection as the superuser {@link #USER}, for test set-up and inspection. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** Stops the server cleanly (a checkpoint first), keeping its data for {@link #restart()}. */
    public synchronized void stop() {
        if (!running) return;
        pgCtl("stop", "-m", "fast");
        running = false;
    }

    /** Stops the server as a crash would (no checkpoint; the next start replays the WAL). */
    public synchronized void crash() {
        if (!running) return;
        pgCtl("stop", "-m", "immediate");
        running = false;
    }

    /** Starts a stopped server again on the same port, so that clients' URLs stay valid. */
    public synchronized void restart() {
        if (running) stop();
        startOn(port);
    }

    @Override
    public synchronized void close() {
        kill();
        deleteTree(dir);
    }

    private void kill() {
        if (running) {
            try {
                pgCtl("stop", "-m", "immediate");
            } catch (RuntimeException e) {
                long pid = serverPid(); // pg_ctl failed: take the postmaster down with its children
                if (pid > 0) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            running = false;
        }
        LIVE.remove(this);
    }

    private void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            try {
                startOn(freePort());
                return;
            } catch (IllegalStateException e) {
                // another process took the port between our probe and the server's bind: try another one
                if (attempt >= 3 || !logText().contains("could not bind")) throw e;
            }
        }
    }

    private synchronized void startOn(int newPort) {
        port = newPort;
        LIVE.add(this);
        pgCtl("start", "-l", log.toString(), "-o",
                "-p " + newPort + " -k " + dir + " -c listen_addresses=127.0.0.1");
        running = true;
    }

    private void pgCtl(String action, String... args) {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), action, "-D", data.toString(),
                "-w", "-t", Long.toString(TIMEOUT_SEC)));
        cmd.addAll(List.of(args));
        run(cmd, dir);
    }

    /** initdb once per JVM, into a directory every server of this JVM copies. */
    private static synchronized Path templateCluster(Path bin) {
        if (template != null) return template;
        Path base = newDirectory("ai-swarm-pg-template-");
        Path cluster = base.resolve("data");
        Path pwfile = base.resolve("pwfile");
        try {
            Files.writeString(pwfile, PASSWORD + "\n");
            Files.setPosixFilePermissions(pwfile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            chownToServerUser(pwfile);
            run(List.of(bin.resolve("initdb").toString(), "-D", cluster.toString(), "-U", USER,
                    "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--no-locale", "--no-sync"), base);
            Files.delete(pwfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(base), "private-postgres-template"));
        template = cluster;
        return template;
    }

    /** A new 0700 directory owned by the user the server runs as. */
    private static Path newDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            chownToServerUser(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chownToServerUser(Path path) throws IOException {
        if (!isRoot()) return;
        var users = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, users.lookupPrincipalByName(RUN_AS));
    }

    /** cp -a: keeps modes and owners (a cluster must be 0700 and owned by the server's user). */
    private static void copyTree(Path from, Path to) {
        run(List.of("cp", "-a", from.toString(), to.toString()), to.getParent(), false);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a test temp directory: left for the OS to clean up
        }
    }

    /** Runs a program (as the server's user when we are root) and fails with its output when it fails. */
    private static void run(List<String> command, Path workDir) {
        run(command, workDir, true);
    }

    private static void run(List<String> command, Path workDir, boolean asServerUser) {
        List<String> cmd = new ArrayList<>();
        if (asServerUser && isRoot()) cmd.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        cmd.addAll(command);
        try {
            Path out = Files.createTempFile("ai-swarm-pg-cmd", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("PG")); // a developer's PGDATA etc. must not leak in
                pb.environment().put("LC_ALL", "C");
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT_SEC + 60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in "
                            + TIMEOUT_SEC + " s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue()
                            + "): " + Files.readString(out, StandardCharsets.UTF_8).trim() + serverLogTail(workDir));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static String serverLogTail(Path dir) {
        Path log = dir.resolve("server.log");
        try {
            if (!Files.exists(log)) return "";
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
