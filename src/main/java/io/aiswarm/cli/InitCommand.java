package io.aiswarm.cli;

import io.aiswarm.state.SwarmDir;
import io.aiswarm.state.SwarmStore;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.state.pg.PgMigrations;
import io.aiswarm.state.pg.PgSwarmStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** Creates the swarm directory (and, with PostgreSQL, the schema) and reports what it checked. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Creates the swarm directory (mode 0700) with locks/ and results/, and checks it.",
                "The directory must be owned by you, not group- or world-writable, not a symbolic link. Also reports",
                "whether tmux is installed. Safe to run again.",
                "With AI_SWARM_STORE=postgresql://... it also creates or migrates the store's schema",
                "(AI_SWARM_PG_SCHEMA, versioned: each migration once; machines running it at once wait for each other)."})
public class InitCommand extends StateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        SwarmStore store = state();
        PrintWriter out = out();
        if (store instanceof PgSwarmStore pg) {
            PgMigrations.Report report = new PgMigrations(pg.settings()).migrate();
            out.printf("store:           %s%n", pg.describe());
            out.printf("schema:          version %d%s%n", report.versionAfter(), report.applied().isEmpty()
                    ? " (already there)" : " (migrated from " + report.versionBefore() + ", applied "
                    + report.applied() + ")");
            out.printf("tasks:           %d%n", pg.queue().countByStatus().values().stream()
                    .mapToInt(Integer::intValue).sum());
            out.printf("this machine:    %s (AI_SWARM_HOST)%n", pg.settings().host());
            SwarmDir.Checked dir = SwarmDir.ensure(config().swarmDir());
            out.printf("swarm directory: %s (%s; this machine's task output, inbox and sockets)%n", dir.dir(),
                    dir.created() ? "created" : "already there");
        } else {
            FileSwarmStore state = (FileSwarmStore) store;
            SwarmDir.Checked dir = state.directory();
            out.printf("swarm directory: %s (%s)%n", dir.dir(), dir.created() ? "created" : "already there");
            out.printf("permissions:     %s, owner uid %d (you), no symbolic links%n", dir.permissions(),
                    dir.ownerUid());
            out.printf("tasks file:      %s (%d tasks; older finished ones in %s)%n", state.paths().tasksFile(),
                    state.queue().countByStatus().values().stream().mapToInt(Integer::intValue).sum(),
                    state.queue().archiveFile().getFileName());
            out.printf("status log:      %s%n", state.paths().statusLog());
            out.printf("locks:           %s (TTL %d s)%n", state.paths().locksDir(), state.locks().ttlSeconds());
            out.printf("results:         %s%n", state.paths().resultsDir());
        }
        String tmux = tmuxVersion();
        if (tmux == null) {
            out.println("tmux:            NOT FOUND - install it (e.g. apt-get install tmux) before `swarm up`");
        } else {
            out.printf("tmux:            found, %s%n", tmux);
        }
        return SwarmMain.EXIT_OK;
    }

    /** "tmux 3.3a", or null when tmux is not on PATH or does not answer. */
    static String tmuxVersion() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
