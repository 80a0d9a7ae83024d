package io.aiswarm.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kinds of worker a swarm runs, as {@code swarm up --workers} and {@code swarm scale} take them: a plain count
 * ({@code 3}: workers of the one profile given by {@code --agent}, else exec workers) or groups
 * {@code PROFILE:N[@LABEL[+LABEL…]]} separated by commas, e.g. {@code claude:2,codex:1,exec:2@gpu+big}.
 */
public record WorkerMix(List<Group> groups) {
    /** The most workers one swarm may have. */
    public static final int MAX_WORKERS = 256;
    private static final Pattern GROUP = Pattern.compile("([^:@,]+):(\\d{1,4})(?:@(.*))?");

    /** {@code count} workers of one profile, each carrying these labels. */
    public record Group(String agent, int count, List<String> labels) {
        public Group {
            labels = List.copyOf(labels);
        }
    }

    public WorkerMix {
        groups = List.copyOf(groups);
    }

    public int total() {
        return groups.stream().mapToInt(Group::count).sum();
    }

    /** Whether it names any agent profile (else every worker is an exec worker). */
    public boolean hasAgents() {
        return groups.stream().anyMatch(g -> !g.agent().equals(TaskRouting.EXEC));
    }

    /**
     * Reads {@code text} given to {@code option}; {@code agent} is the profile of a plain count (null: exec). Errors
     * name the option and value and show the syntax.
     */
    public static WorkerMix parse(String option, String text, String agent) {
        String t = text == null ? "" : text.strip();
        if (t.matches("\\d{1,4}")) {
            return new WorkerMix(List.of(new Group(agent == null ? TaskRouting.EXEC : agent, count(option, t, t), List.of())));
        }
        if (agent != null) {
            throw bad(option, text, "with --agent give a plain number of workers; or leave --agent out and name each"
                    + " profile in " + option);
        }
        List<Group> groups = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            Matcher m = GROUP.matcher(part.strip());
            if (!m.matches()) throw bad(option, text, "'" + part + "' is not PROFILE:N[@LABEL[+LABEL]]");
            String profile = m.group(1).strip();
            if (!SafeNames.isSafe(profile)) throw bad(option, text, "profile '" + profile + "': " + SafeNames.RULE);
            List<String> labels = m.group(3) == null ? List.of()
                    : TaskRouting.parseLabels(option + " " + text + ": label", List.of(m.group(3).replace('+', ',')));
            groups.add(new Group(profile, count(option, text, m.group(2)), labels));
        }
        WorkerMix mix = new WorkerMix(groups);
        if (mix.total() > MAX_WORKERS) throw bad(option, text, mix.total() + " workers; at most " + MAX_WORKERS);
        return mix;
    }

    /**
     * The roster entries of these groups, with the next free worker ids ({@code worker-N}, N counting on from the
     * highest in {@code taken}), in the order given.
     */
    public List<WorkerRoster.Worker> newWorkers(Set<String> taken) {
        int next = 0;
        for (String id : taken) {
            if (id.startsWith("worker-") && id.substring(7).matches("\\d{1,6}")) {
                next = Math.max(next, Integer.parseInt(id.substring(7)) + 1);
            }
        }
        List<WorkerRoster.Worker> workers = new ArrayList<>();
        for (Group g : groups) {
            for (int i = 0; i < g.count(); i++) workers.add(new WorkerRoster.Worker(WorkerIds.of(next++), g.agent(),
                    g.labels(), false));
        }
        return workers;
    }

    private static int count(String option, String text, String digits) {
        int n = Integer.parseInt(digits);
        if (n < 1) throw bad(option, text, "a group needs at least one worker");
        if (n > MAX_WORKERS) throw bad(option, text, n + " workers; at most " + MAX_WORKERS);
        return n;
    }

    private static IllegalArgumentException bad(String option, String text, String why) {
        return new IllegalArgumentException(option + " " + text + ": " + why + " (e.g. " + option + " 3, or "
                + option + " claude:2,codex:1,exec:2@gpu)");
    }
}
