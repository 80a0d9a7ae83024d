package io.aiswarm.state.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskStatus;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What tasks.json says about its archive ({@code "archived"}): the archive's name (for a person reading the
 * file; the queue finds the archive by the name of tasks.json), its size when tasks.json was written and how
 * many archived tasks there were per status (those not also in tasks.json), and of the failed how many declined. Readers trust the counts only while the
 * archive still has that size, so `swarm status` and a master's round count the whole history without reading it;
 * any other size (a crash between the two writes, an edit by hand) makes them count the archive itself.
 */
record ArchiveSummary(String file, long bytes, Map<TaskStatus, Integer> counts, int declined) {
    ArchiveSummary {
        counts = java.util.Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    static ArchiveSummary of(String file, long bytes, Collection<TaskInfo> archived) {
        return new ArchiveSummary(file, bytes, TaskStatus.count(archived), declined(archived));
    }

    /** Whether these counts still describe the archive, which now has {@code archiveBytes} (-1: absent). */
    boolean describes(long archiveBytes) {
        return archiveBytes == bytes || archiveBytes < 0 && bytes == 0;
    }

    /** The summary with {@code moved} tasks more (+1) or fewer (-1) of their statuses, the archive now {@code bytes}. */
    ArchiveSummary plus(long newBytes, Collection<TaskInfo> tasks, int sign) {
        Map<TaskStatus, Integer> c = new EnumMap<>(counts);
        for (TaskInfo t : tasks) c.merge(t.status(), sign, Integer::sum);
        return new ArchiveSummary(file, newBytes, c, declined + sign * declined(tasks));
    }

    /** Of these tasks, the failed ones a person declined (`swarm status` shows them apart). */
    static int declined(Collection<TaskInfo> tasks) {
        int n = 0;
        for (TaskInfo t : tasks) if (t.declined()) n++;
        return n;
    }

    /** As written in tasks.json: the archive's name (for a person reading the file), its size, non-zero counts. */
    Map<String, Object> json() {
        Map<String, Object> tasks = new LinkedHashMap<>();
        counts.forEach((s, n) -> {
            if (n != 0) tasks.put(s.json(), n);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("bytes", bytes);
        out.put("tasks", tasks);
        if (declined != 0) out.put("declined", declined);
        return out;
    }

    /** The field as read; empty when it is not the shape written above (the counts are then made afresh). */
    static Optional<ArchiveSummary> parse(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("bytes").canConvertToLong()
                || !node.path("tasks").isObject()) {
            return Optional.empty();
        }
        Map<TaskStatus, Integer> counts = TaskStatus.count(java.util.List.of());
        try {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node.path("tasks")::fields) {
                if (!e.getValue().canConvertToInt()) return Optional.empty();
                counts.put(TaskStatus.parse(e.getKey()), e.getValue().intValue());
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (node.has("declined") && !node.path("declined").canConvertToInt()) return Optional.empty();
        return Optional.of(new ArchiveSummary(node.path("file").asText(""), node.path("bytes").longValue(), counts,
                node.path("declined").asInt(0)));
    }
}
