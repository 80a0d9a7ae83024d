package io.aiswarm.cli;

import io.aiswarm.state.Durations;
import io.aiswarm.state.Json;
import io.aiswarm.state.NewTask;
import io.aiswarm.state.NewTaskParser;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskChanges;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskRouting;
import io.aiswarm.state.TaskSchedule;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.workspace.Repository;
import io.aiswarm.workspace.TaskWorkspace;
import io.aiswarm.workspace.WorkspaceSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swarm task add|list|show|cancel|retry}: the task queue (tasks.json). */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Adds, lists and changes tasks in the queue.",
        subcommands = {TaskCommand.Add.class, TaskCommand.ListTasks.class, TaskCommand.Show.class,
                TaskCommand.Cancel.class, TaskCommand.Retry.class, TaskCommand.Purge.class, TaskCommand.Remove.class})
public class TaskCommand extends StateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return SwarmMain.EXIT_USAGE;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a task (or many, with --file) and prints the id of each.",
                    "The command after -- is run with sh -c (words joined by spaces); --prompt gives text for an "
                            + "interactive agent instead.",
                    "--file reads many tasks: one shell command a line, or JSON (one object a line, or an array of "
                            + "objects with command|prompt, optional task_id, priority, timeout, retries, backoff, not_before, after, agent, labels); '-' reads standard "
                            + "input. The whole file is one or the other: JSON when --json is given, the name ends "
                            + "in .json/.jsonl, or it starts with '{\"' or '[{'. All or none are added."})
    static class Add extends StateCommand implements Callable<Integer> {
        @Option(names = "--id", paramLabel = "ID", description = "Task id (letters, digits, . _ -; at most 64); generated when left out.")
        String id;

        @Option(names = {"-p", "--priority"}, paramLabel = "P", description = "1 (most urgent) to 9; default 5.")
        Integer priority;

        @Option(names = "--base", paramLabel = "BRANCH", description = "With worktrees: the branch the task starts "
                + "from and merges into (default: the one `swarm up` chose).")
        String base;

        @Option(names = "--json", description = "With --file: the file is JSON (an array, or one object a line).")
        boolean json;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the task when it runs longer "
                + "(30s, 10m, 2h, 1h30m): Ctrl-C, then its process tree; an agent's turn is interrupted (Escape).")
        String timeout;

        @Option(names = "--retries", paramLabel = "N", description = "Try a failed task again up to N times "
                + "(0-100); a person's refusal is never retried by itself.")
        Integer retries;

        @Option(names = "--backoff", paramLabel = "DURATION", description = "With --retries: the delay before the "
                + "first retry (default 30s), doubling each time up to 6h.")
        String backoff;

        @Option(names = "--after", paramLabel = "ID", split = ",", description = "Run only once these tasks "
                + "(comma-separated ids) are done; one that fails or is cancelled leaves this task blocked.")
        List<String> after;

        @Option(names = "--not-before", paramLabel = "TIME", description = "Not dispatched before TIME: ISO "
                + "(2026-01-31T12:00:00Z) or a delay from now (30m, 2h).")
        String notBefore;

        @Option(names = "--agent", paramLabel = "PROFILE", description = "Only a worker of this profile takes it: "
                + "exec (commands) or an agent profile (claude, codex … for prompts).")
        String agent;

        @Option(names = "--label", paramLabel = "LABEL", description = "Only a worker carrying this label takes it "
                + "(repeat or comma-separate for several: a worker must carry them all; swarm up --workers exec:2@gpu).")
        List<String> labels;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Payload payload;

        static class Payload {
            @Option(names = "--prompt", paramLabel = "TEXT", description = "Text for an interactive agent.")
            String prompt;

            @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read tasks from FILE, or '-' for standard input.")
            String file;

            @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "Shell command (after --).")
            List<String> command;
        }

        @Override
        public Integer call() throws IOException {
            List<NewTask> tasks;
            if (payload.file != null) {
                if (id != null) throw new IllegalArgumentException("--id cannot be used with --file; give task_id in the file");
                tasks = NewTaskParser.parse(payload.file.equals("-") ? "standard input" : payload.file,
                        readInput(payload.file), priority,
                        json ? NewTaskParser.Format.JSON : NewTaskParser.Format.AUTO);
                if (tasks.isEmpty()) throw new IllegalArgumentException("no tasks found in " + payload.file);
            } else if (json) {
                throw new IllegalArgumentException("--json only applies to --file");
            } else if (payload.prompt != null) {
                tasks = List.of(new NewTask(id, null, payload.prompt, priority));
            } else {
                tasks = List.of(new NewTask(id, String.join(" ", payload.command), null, priority));
            }
            if (base != null) {
                checkBase(base);
                tasks = tasks.stream().map(t -> t.withExtra(TaskWorkspace.BASE_BRANCH, base)).toList();
            }
            tasks = withSchedule(tasks);
            for (TaskInfo t : state().queue().addAll(tasks)) out().println(t.taskId());
            return SwarmMain.EXIT_OK;
        }

        /** The schedule flags, checked here so an error names the flag; a task file's own fields win. */
        private List<NewTask> withSchedule(List<NewTask> tasks) {
            java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
            if (timeout != null) fields.put(TaskSchedule.TIMEOUT, Durations.format(Durations.parse("--timeout", timeout)));
            if (retries != null) {
                if (retries < 0 || retries > TaskSchedule.MAX_RETRIES) {
                    throw new IllegalArgumentException("--retries " + retries + " must be from 0 to "
                            + TaskSchedule.MAX_RETRIES);
                }
                fields.put(TaskSchedule.RETRIES, retries);
            }
            if (backoff != null) {
                if (retries == null) throw new IllegalArgumentException("--backoff only applies with --retries N");
                fields.put(TaskSchedule.BACKOFF, Durations.format(Durations.parse("--backoff", backoff)));
            }
            if (notBefore != null) {
                fields.put(TaskSchedule.NOT_BEFORE, Durations.parseTime("--not-before", notBefore, Instant.now()).toString());
            }
            if (agent != null) fields.put(TaskRouting.AGENT, knownProfile(agent));
            if (labels != null) fields.put(TaskRouting.LABELS, TaskRouting.parseLabels("--label", labels));
            if (after != null) {
                for (String dep : after) {
                    try {
                        io.aiswarm.state.TaskIds.require(dep);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--after: " + e.getMessage(), e);
                    }
                }
                fields.put(TaskDependencies.AFTER, List.copyOf(new java.util.LinkedHashSet<>(after)));
            }
            if (fields.isEmpty()) return tasks;
            return tasks.stream().map(t -> {
                NewTask n = t;
                for (var f : fields.entrySet()) if (!t.extra().containsKey(f.getKey())) n = n.withExtra(f.getKey(), f.getValue());
                return n;
            }).toList();
        }

        /** --agent: exec or a profile this swarm knows (built in, or in an agents.json). */
        private String knownProfile(String name) {
            if (name.equals(TaskRouting.EXEC)) return name;
            if (!io.aiswarm.state.SafeNames.isSafe(name)) {
                throw new IllegalArgumentException("--agent '" + name + "' is not a profile name; "
                        + io.aiswarm.state.SafeNames.RULE);
            }
            io.aiswarm.agent.AgentProfiles known = io.aiswarm.agent.AgentProfiles.load(config());
            if (!known.names().contains(name)) {
                throw new IllegalArgumentException("--agent " + name + ": no such profile; use exec or one of "
                        + known.names() + " (add profiles in agents.json)");
            }
            return name;
        }

        /** A base branch the swarm's repository has; without worktrees (yet) it is kept for later, with a note. */
        private void checkBase(String branch) {
            WorkspaceSettings settings = WorkspaceSettings.read(config().swarmDir()).orElse(null);
            if (settings == null) {
                err().println("swarm: note: this swarm runs without worktrees (no " + WorkspaceSettings.FILE + "); --base "
                        + branch + " applies once `swarm up` runs on a git repository");
                return;
            }
            Repository repo = Repository.open(settings.repo());
            if (!repo.branchExists(branch)) {
                throw new IllegalArgumentException("--base " + branch + ": no such branch in " + repo.top()
                        + " (git branch --list shows them)");
            }
        }

        private static String readInput(String file) throws IOException {
            if (file.equals("-")) return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read task file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tasks in queue order (priority, then arrival).")
    static class ListTasks extends StateCommand implements Callable<Integer> {
        @Option(names = {"-s", "--status"}, paramLabel = "S", split = ",",
                description = "Only these statuses (comma-separated): pending, assigned, running, done, failed, declined (failed: a person refused the agent permission), skipped, cancelled.")
        List<String> statuses;

        @Option(names = "--json", description = "Print a JSON array of the tasks.")
        boolean json;

        @Option(names = {"-a", "--all"}, description = "Every finished task too; without it, every unfinished task "
                + "and the " + RECENT + " that finished last.")
        boolean all;

        /** Finished tasks listed without --all: a long history is neither read nor printed. */
        static final int RECENT = 100;

        @Override
        public Integer call() throws IOException {
            Set<TaskStatus> wanted = EnumSet.allOf(TaskStatus.class);
            boolean onlyDeclined = false;
            if (statuses != null) {
                wanted.clear();
                for (String s : statuses) {
                    // declined: a failed task whose permission a person refused
                    if (s.strip().equalsIgnoreCase("declined")) {
                        onlyDeclined = true;
                    } else {
                        wanted.add(TaskStatus.parse(s));
                    }
                }
            }
            boolean declinedToo = onlyDeclined;
            List<TaskInfo> listed = all ? state().queue().list() : state().queue().recent(RECENT);
            java.util.Map<String, TaskInfo> byId = new java.util.HashMap<>();
            for (TaskInfo t : listed) byId.put(t.taskId(), t);
            java.util.function.Function<String, java.util.Optional<TaskInfo>> lookup = id -> byId.containsKey(id)
                    ? java.util.Optional.of(byId.get(id)) : state().queue().get(id); // a dependency not listed
            List<TaskInfo> tasks = new ArrayList<>();
            int finishedShown = 0;
            for (TaskInfo t : listed) {
                if (wanted.contains(t.status()) || declinedToo && t.declined()) tasks.add(withBlocked(t, lookup));
                if (t.status().isFinal()) finishedShown++;
            }
            if (!all) noteUnlisted(finishedShown);
            if (json) {
                out().println(Json.PRETTY.writeValueAsString(tasks));
                return SwarmMain.EXIT_OK;
            }
            out().printf("%-24s %3s %-9s %-12s %4s  %s%n", "TASK", "PRI", "STATUS", "WORKER", "TRY", "WHAT");
            for (TaskInfo t : tasks) {
                Object blocked = t.extra().get(BLOCKED);
                out().printf("%-24s %3d %-9s %-12s %4d  %s%n", t.taskId(), t.priority(),
                        blocked != null ? "blocked" : t.shownStatus(), t.workerId() == null ? "-" : t.workerId(),
                        t.attempts(), summary(t) + (blocked != null ? "  [" + blocked + "]" : ""));
            }
            return SwarmMain.EXIT_OK;
        }

        /** Says on standard error how many finished tasks a listing without --all left out. */
        private void noteUnlisted(int finishedShown) {
            int finished = 0;
            for (java.util.Map.Entry<TaskStatus, Integer> e : state().queue().countByStatus().entrySet()) {
                if (e.getKey().isFinal()) finished += e.getValue();
            }
            if (finished > finishedShown) {
                err().printf("%,d earlier finished tasks not listed; `swarm task list --all` lists every task%n",
                        finished - finishedShown);
            }
        }

        private static String summary(TaskInfo t) {
            String what = (t.command() != null ? "$ " : "prompt: ") + t.payload().replaceAll("\\s+", " ");
            return what.length() > 60 ? what.substring(0, 57) + "..." : what;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints one task as JSON.")
    static class Show extends OnTask implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            TaskInfo t = state().queue().get(id).orElseThrow(() -> noSuchTask(id));
            out().println(Json.PRETTY.writeValueAsString(withBlocked(t, dep -> state().queue().get(dep))));
            return SwarmMain.EXIT_OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Marks a pending, assigned or running task cancelled: it will not be dispatched again.",
                    "A task already running is stopped by the master when it sees the change."})
    static class Cancel extends OnTask implements Callable<Integer> {
        @Override
        public Integer call() {
            TaskInfo t = TaskChanges.cancel(state().queue(), id, Instant.now());
            out().println(t.taskId() + " cancelled");
            return SwarmMain.EXIT_OK;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Puts a finished task (failed, done, skipped, cancelled) back in the queue, attempts reset to 0.")
    static class Retry extends OnTask implements Callable<Integer> {
        @Override
        public Integer call() {
            TaskInfo t = TaskChanges.retry(state().queue(), id, Instant.now());
            out().println(t.taskId() + " pending again");
            return SwarmMain.EXIT_OK;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = {"Removes finished tasks from the queue; their result files stay unless --results.",
                    "A task an unfinished task runs after (--after) is kept."})
    static class Purge extends StateCommand implements Callable<Integer> {
        @Option(names = {"-s", "--status"}, required = true, paramLabel = "S", split = ",",
                description = "Which finished tasks (comma-separated): done, failed, skipped, cancelled.")
        List<String> statuses;

        @Option(names = "--older-than", paramLabel = "DURATION", description = "Only tasks that ended longer ago "
                + "(30m, 2h, 7d).")
        String olderThan;

        @Option(names = "--results", description = "Also delete their result files (results/ID.log).")
        boolean results;

        @Override
        public Integer call() {
            Set<TaskStatus> wanted = EnumSet.noneOf(TaskStatus.class);
            for (String s : statuses) wanted.add(TaskStatus.parse(s));
            Instant cutoff = olderThan == null ? null
                    : Instant.now().minus(Durations.parse("--older-than", olderThan));
            io.aiswarm.state.TaskRemoval.Purged purged = io.aiswarm.state.TaskRemoval.purge(state().queue(), wanted,
                    cutoff);
            int files = results ? deleteResults(config().paths().resultsDir(), purged.removed()) : 0;
            out().println("removed " + purged.removed().size() + " task" + (purged.removed().size() == 1 ? "" : "s")
                    + (results ? " and " + files + " result file" + (files == 1 ? "" : "s") : ""));
            if (!purged.keptForDependents().isEmpty()) {
                out().println("kept " + String.join(", ", purged.keptForDependents())
                        + ": unfinished tasks run after them");
            }
            return SwarmMain.EXIT_OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Removes one task that is not assigned or running (cancel it first) and that no "
                    + "unfinished task runs after; its result file stays unless --results."})
    static class Remove extends OnTask implements Callable<Integer> {
        @Option(names = "--results", description = "Also delete its result file (results/ID.log).")
        boolean results;

        @Override
        public Integer call() {
            TaskInfo removed = io.aiswarm.state.TaskRemoval.remove(state().queue(), id);
            if (results) deleteResults(config().paths().resultsDir(), List.of(removed));
            out().println(removed.taskId() + " removed");
            return SwarmMain.EXIT_OK;
        }
    }

    /** Deletes the tasks' output logs in results/ (regular files only, never through a link); returns how many. */
    static int deleteResults(Path resultsDir, List<TaskInfo> tasks) {
        int n = 0;
        for (TaskInfo t : tasks) {
            Path log = resultsDir.resolve(t.taskId() + ".log");
            try {
                if (Files.isRegularFile(log, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(log)) n++;
            } catch (IOException e) {
                throw new SwarmStateException("cannot delete " + log + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    /** Shown, not stored: why a pending task cannot run (see {@link TaskDependencies#blockedBy}). */
    static final String BLOCKED = "blocked";

    static TaskInfo withBlocked(TaskInfo t, java.util.Map<String, TaskInfo> byId) {
        return withBlocked(t, id -> java.util.Optional.ofNullable(byId.get(id)));
    }

    static TaskInfo withBlocked(TaskInfo t, java.util.function.Function<String, java.util.Optional<TaskInfo>> lookup) {
        return TaskDependencies.blockedBy(t, lookup).map(why -> {
            java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>(t.extra());
            extra.put(BLOCKED, why);
            return t.withExtra(extra);
        }).orElse(t);
    }

    static SwarmStateException noSuchTask(String id) {
        return new SwarmStateException("no task '" + id + "'; `swarm task list` shows the ids");
    }
}
