package io.aiswarm.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs git as a process in one directory ({@code git -C DIR}), with a time limit, in a predictable environment:
 * no GIT_DIR-style variables inherited from a hook or a pane, English messages, never a prompt or an editor or
 * a pager. A process per command costs a few milliseconds, which a dispatch or a merge can afford.
 */
public final class Git {
    /** {@code git switch} (2.23) and the porcelain formats used here are all older than this. */
    public static final int[] MIN_VERSION = {2, 25};
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** Inherited, they would point every command at another repository or index than {@code -C}'s. */
    private static final List<String> REPO_VARIABLES = List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
            "GIT_PREFIX", "GIT_CEILING_DIRECTORIES");
    private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)");
    private static volatile String checkedVersion;

    private final Path dir;
    private final Duration timeout;

    public Git(Path dir) {
        this(dir, DEFAULT_TIMEOUT);
    }

    public Git(Path dir, Duration timeout) {
        this.dir = dir.toAbsolutePath().normalize();
        this.timeout = timeout;
    }

    public Path dir() {
        return dir;
    }

    public Git in(Path other) {
        return new Git(other, timeout);
    }

    public Git withTimeout(Duration limit) {
        return new Git(dir, limit);
    }

    /** Runs {@code git -C dir args}; a non-zero exit is returned, not thrown. */
    public GitResult run(String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        return exec(argv, timeout);
    }

    /** Runs the command and returns its output without trailing newlines; a non-zero exit throws, with stderr. */
    public String ok(String... args) {
        GitResult r = run(args);
        if (!r.ok()) throw failure(r, args);
        return r.text();
    }

    /** The failure of a command, as an exception whose message says which command, where, and what git said. */
    public GitException failure(GitResult r, String... args) {
        String said = (r.err().isBlank() ? r.out() : r.err()).strip();
        return new GitException("git " + String.join(" ", args) + " failed in " + dir + " (exit " + r.exit() + ")"
                + (said.isEmpty() ? "" : ": " + said));
    }

    /** Checks once per JVM that git runs and is recent enough; throws a message that says what to install. */
    public static String checkInstalled() {
        String known = checkedVersion;
        if (known != null) return known;
        GitResult r = exec(List.of("git", "--version"), Duration.ofSeconds(30));
        String version = requireVersion(r.text());
        checkedVersion = version;
        return version;
    }

    static String requireVersion(String versionLine) {
        Matcher m = VERSION.matcher(versionLine);
        if (!m.find()) throw new GitException("cannot tell git's version from '" + versionLine + "'");
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < MIN_VERSION[0] || major == MIN_VERSION[0] && minor < MIN_VERSION[1]) {
            throw new GitException("git " + major + "." + minor + " is too old: worktrees need git " + MIN_VERSION[0]
                    + "." + MIN_VERSION[1] + " or later; upgrade git, or start with --no-worktrees");
        }
        return major + "." + minor;
    }

    private static GitResult exec(List<String> argv, Duration limit) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        REPO_VARIABLES.forEach(env::remove);
        env.put("LC_ALL", "C");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_EDITOR", "true");
        env.put("GIT_PAGER", "cat");
        env.put("GIT_OPTIONAL_LOCKS", "0"); // a status must not take the index lock a person's git wants
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GitException("cannot run git (" + e.getMessage() + "): install git " + MIN_VERSION[0] + "."
                    + MIN_VERSION[1] + " or later and put it on PATH, or start with --no-worktrees", e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = reader(p.getInputStream());
            CompletableFuture<String> err = reader(p.getErrorStream());
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new GitException("git " + String.join(" ", argv.subList(1, argv.size())) + " did not finish in "
                        + limit.toSeconds() + " s and was stopped");
            }
            return new GitResult(p.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while git ran", e);
        } catch (IOException | ExecutionException e) {
            throw new GitException("cannot read git's output: " + e.getMessage(), e);
        }
    }

    /** A thread of its own per stream (not a shared pool, which has one thread on a 2-core machine). */
    private static CompletableFuture<String> reader(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                text.completeExceptionally(e);
            }
        }, "git-output");
        t.setDaemon(true);
        t.start();
        return text;
    }
}
