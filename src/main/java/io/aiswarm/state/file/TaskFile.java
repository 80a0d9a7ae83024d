package io.aiswarm.state.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.TaskInfo;
import java.util.List;
import java.util.Map;

/**
 * The content of tasks.json: the tasks in file order, the arrival counter ({@code next_seq}, which also numbers
 * generated ids) and any top-level fields this version does not know (kept and written back).
 */
record TaskFile(List<TaskInfo> tasks, long nextSeq, Map<String, JsonNode> extra) {
    TaskFile {
        tasks = List.copyOf(tasks); // versions are cached and shared: nobody may change one in place
    }

    static TaskFile empty() {
        return new TaskFile(List.of(), 1, Map.of());
    }
}
