package io.aiswarm.workspace;

import io.aiswarm.state.TaskInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The swarm's task branches ({@code swarm/<task>} and earlier attempts {@code swarm/<task>-attempt-N}) and whose they are. */
public final class SwarmBranches {
    private static final Pattern ATTEMPT = Pattern.compile("(.+)-attempt-\\d+");

    /** One branch: its name, commit, the task it belongs to (null when the queue has none), and an earlier attempt. */
    public record Branch(String name, String commit, String taskId, TaskInfo task, boolean earlierAttempt) {
    }

    private SwarmBranches() {
    }

    public static List<Branch> list(Repository repo, Map<String, TaskInfo> tasks) {
        String out = repo.git().ok("for-each-ref", "--format=%(refname:short)%09%(objectname)",
                "refs/heads/" + TaskWorkspace.BRANCH_PREFIX);
        List<Branch> branches = new ArrayList<>();
        for (String line : out.isEmpty() ? new String[0] : out.split("\n")) {
            String[] f = line.split("\t", 2);
            String id = f[0].substring(TaskWorkspace.BRANCH_PREFIX.length());
            boolean attempt = false;
            if (!tasks.containsKey(id)) {
                Matcher m = ATTEMPT.matcher(id);
                if (m.matches() && tasks.containsKey(m.group(1))) {
                    id = m.group(1);
                    attempt = true;
                }
            }
            TaskInfo task = tasks.get(id);
            branches.add(new Branch(f[0], f[1], task == null ? null : id, task, attempt));
        }
        return branches;
    }

    /** The task whose branch is checked out, from a worktree's branch name. */
    public static Optional<String> taskOf(String branch) {
        return branch != null && branch.startsWith(TaskWorkspace.BRANCH_PREFIX)
                ? Optional.of(branch.substring(TaskWorkspace.BRANCH_PREFIX.length())) : Optional.empty();
    }
}
