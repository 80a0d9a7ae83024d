package io.aiswarm.state.pg;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.SwarmStateException;
import io.aiswarm.state.TaskIds;
import io.aiswarm.state.TaskDependencies;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskRules;
import io.aiswarm.state.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The task queue in the {@code tasks} table, with the semantics of {@link TaskQueue}: every method is one transaction;
 * an update locks the task's row ({@code FOR UPDATE}) while its function runs, {@code updateAll} every row.
 *
 * <p>Claims: the queue keeps a task's claim (machine, lease, fencing token) through an update that leaves the task
 * active with the same worker; an update that ends it (the task finishes, goes back to pending, or changes worker)
 * clears the claim, so that the former holder's token is refused from then on ({@link PgTaskClaims}).
 */
public final class PgTaskQueue implements TaskQueue {
    private final PgSession db;
    private final Clock clock;

    public PgTaskQueue(PgSession db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<TaskInfo> list() {
        return db.read("list tasks", c -> select(c, "SELECT " + TaskRows.TASK_COLUMNS + " FROM tasks ORDER BY "
                + TaskRows.QUEUE_ORDER));
    }

    @Override
    public Optional<TaskInfo> get(String taskId) {
        return db.read("read task '" + taskId + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.TASK_COLUMNS
                    + " FROM tasks WHERE task_id = ?")) {
                ps.setString(1, taskId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(TaskRows.task(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Uses the partial index on pending tasks. */
    @Override
    public List<TaskInfo> pending(int limit) {
        return db.read("list pending tasks", c -> {
            List<TaskInfo> tasks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.TASK_COLUMNS + " FROM tasks"
                    + " WHERE status = 'pending' ORDER BY " + TaskRows.QUEUE_ORDER + " LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) tasks.add(TaskRows.task(rs));
                }
            }
            return tasks;
        });
    }

    @Override
    public List<TaskInfo> active() {
        return db.read("list active tasks", c -> select(c, "SELECT " + TaskRows.TASK_COLUMNS + " FROM tasks"
                + " WHERE status IN ('assigned', 'running') ORDER BY " + TaskRows.QUEUE_ORDER));
    }

    @Override
    public Map<TaskStatus, Integer> countByStatus() {
        return db.read("count tasks", c -> {
            Map<TaskStatus, Integer> counts = TaskStatus.count(List.of());
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, count(*) FROM tasks GROUP BY status")) {
                while (rs.next()) counts.put(TaskStatus.parse(rs.getString(1)), rs.getInt(2));
            }
            return counts;
        });
    }

    @Override
    public int countDeclined() {
        return db.read("count declined tasks", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tasks WHERE status = 'failed'"
                    + " AND starts_with(error, ?)")) {
                ps.setString(1, TaskInfo.DECLINED);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public List<TaskInfo> addAll(List<NewTask> newTasks) {
        Set<String> given = new HashSet<>();
        for (NewTask n : newTasks) {
            TaskRules.checkNew(n);
            if (n.taskId() != null && !given.add(n.taskId())) {
                throw new IllegalArgumentException("task id '" + n.taskId() + "' is given twice; give each task its"
                        + " own id or leave --id out to get one generated");
            }
        }
        if (newTasks.isEmpty()) return List.of();
        return db.transaction("add tasks", c -> {
            Instant now = now();
            List<Long> seqs = nextSeqs(c, newTasks.size());
            List<String> wanted = new ArrayList<>();
            for (int i = 0; i < newTasks.size(); i++) {
                String id = newTasks.get(i).taskId();
                wanted.add(id != null ? id : TaskIds.generated(seqs.get(i)));
            }
            Map<String, List<String>> storedAfter = storedAfter(c, newTasks);
            TaskDependencies.checkNew(newTasks, id -> Optional.ofNullable(storedAfter.get(id)));
            Set<String> taken = existingIds(c, wanted);
            List<TaskInfo> added = new ArrayList<>();
            for (int i = 0; i < newTasks.size(); i++) {
                NewTask n = newTasks.get(i);
                String id = wanted.get(i);
                if (n.taskId() != null && taken.contains(id)) {
                    throw new IllegalArgumentException("task id '" + id + "' already exists in "
                            + db.settings().describe() + "; choose another id or leave --id out to get one generated");
                }
                while (taken.contains(id)) { // a hand-chosen id took this number: draw another
                    id = TaskIds.generated(nextSeqs(c, 1).get(0));
                    if (!existingIds(c, List.of(id)).isEmpty()) taken.add(id);
                }
                taken.add(id);
                int priority = n.priority() == null ? TaskInfo.DEFAULT_PRIORITY : n.priority();
                added.add(new TaskInfo(id, n.command(), n.prompt(), priority, TaskStatus.PENDING, seqs.get(i), 0, null,
                        now, now, null, null, null, null, null, null, n.extra()));
            }
            try {
                TaskRows.insert(c, added);
            } catch (SQLException e) {
                // a task of the same id was added by someone else since we looked: report it as a duplicate id
                if (!SqlErrors.isUniqueViolation(e)) throw e;
                throw new IllegalArgumentException("a task id among " + ids(added) + " was added by someone else"
                        + " just now; choose another id or leave --id out to get one generated", e);
            }
            return added;
        });
    }

    @Override
    public Optional<Change> change(String taskId, UnaryOperator<TaskInfo> change) {
        return db.transaction("update task '" + taskId + "'", c -> {
            TaskRows.Row before = TaskRows.lockRow(c, taskId);
            if (before == null) {
                throw new SwarmStateException("no task '" + taskId + "' in " + db.settings().describe()
                        + "; `swarm task list` shows the ids");
            }
            TaskInfo after = change.apply(before.task());
            if (after == before.task()) return Optional.<Change>empty();
            TaskRules.checkChange(before.task(), after);
            TaskRows.update(c, after, claimAfter(before, after));
            return Optional.of(new Change(before.task(), after));
        });
    }

    /** Locks every row (by id, as {@link #updateAll}), deletes the accepted ones in the same transaction. */
    @Override
    public List<TaskInfo> removeIf(java.util.function.Predicate<TaskInfo> which) {
        return db.transaction("remove tasks", c -> {
            List<TaskInfo> removed = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + TaskRows.TASK_COLUMNS + " FROM tasks ORDER BY task_id FOR UPDATE")) {
                while (rs.next()) {
                    TaskInfo t = TaskRows.task(rs);
                    if (!t.status().isActive() && which.test(t)) removed.add(t);
                }
            }
            if (!removed.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM tasks WHERE task_id = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("text", removed.stream().map(TaskInfo::taskId).toArray()));
                    ps.executeUpdate();
                }
            }
            removed.sort(TaskInfo.QUEUE_ORDER);
            return removed;
        });
    }

    @Override
    public List<Change> updateAll(UnaryOperator<TaskInfo> change) {
        return db.transaction("update tasks", c -> {
            List<TaskRows.Row> rows = new ArrayList<>();
            // one lock order (by id) for every writer that locks several rows: no deadlock between them
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + TaskRows.COLUMNS + " FROM tasks ORDER BY task_id FOR UPDATE")) {
                while (rs.next()) rows.add(TaskRows.row(rs));
            }
            List<Change> changed = new ArrayList<>();
            for (TaskRows.Row before : rows) {
                TaskInfo after = change.apply(before.task());
                if (after != before.task()) {
                    TaskRules.checkChange(before.task(), after);
                    TaskRows.update(c, after, claimAfter(before, after));
                    changed.add(new Change(before.task(), after));
                }
            }
            changed.sort(Change.ORDER);
            return changed;
        });
    }

    /** The claim survives a change that keeps the task active with the same worker; any other change ends it. */
    private static TaskRows.Claim claimAfter(TaskRows.Row before, TaskInfo after) {
        boolean keeps = before.claimed() && after.status().isActive()
                && java.util.Objects.equals(after.workerId(), before.task().workerId());
        return keeps ? before.keptClaim() : TaskRows.Claim.NONE;
    }

    private static List<TaskInfo> select(Connection c, String sql) throws SQLException {
        List<TaskInfo> tasks = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) tasks.add(TaskRows.task(rs));
        }
        return tasks;
    }

    /** Which of {@code ids} are stored already. */
    /**
     * The {@code after} lists of the stored tasks the new ones depend on, and of theirs in turn (what a cycle check
     * walks), by id; a task not stored is absent.
     */
    private static Map<String, List<String>> storedAfter(Connection c, List<NewTask> newTasks) throws SQLException {
        Map<String, List<String>> found = new HashMap<>();
        Set<String> asked = new HashSet<>();
        Set<String> frontier = new HashSet<>();
        for (NewTask n : newTasks) frontier.addAll(TaskDependencies.after(n.extra()));
        while (!frontier.isEmpty()) {
            asked.addAll(frontier);
            Set<String> next = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT task_id, extra FROM tasks WHERE task_id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", frontier.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> ids = TaskDependencies.after(Sql.object(rs, "extra"));
                        found.put(rs.getString("task_id"), ids);
                        for (String id : ids) if (!asked.contains(id)) next.add(id);
                    }
                }
            }
            frontier.clear();
            frontier.addAll(next);
        }
        return found;
    }

    private static Set<String> existingIds(Connection c, List<String> ids) throws SQLException {
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT task_id FROM tasks WHERE task_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) taken.add(rs.getString(1));
            }
        }
        return taken;
    }

    /** {@code n} new arrival numbers, increasing, in one round trip. */
    private static List<Long> nextSeqs(Connection c, int n) throws SQLException {
        List<Long> seqs = new ArrayList<>(n);
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('task_seq') FROM generate_series(1, ?)")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) seqs.add(rs.getLong(1));
            }
        }
        seqs.sort(null);
        return seqs;
    }

    private static String ids(List<TaskInfo> tasks) {
        return tasks.stream().map(TaskInfo::taskId).toList().toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
