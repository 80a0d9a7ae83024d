package io.aiswarm.view;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskChanges;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** The actions on the queue and the HELP answerer, each one logged with who asked and from where. */
public final class QueueActions implements SwarmActions {
    private final TaskQueue queue;
    private final HelpAnswerer answerer;
    private final Clock clock;
    private final Consumer<String> log;

    /** @param log where each action is told (the master's console) */
    public QueueActions(TaskQueue queue, HelpAnswerer answerer, Clock clock, Consumer<String> log) {
        this.queue = queue;
        this.answerer = answerer;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public List<TaskInfo> add(List<NewTask> tasks, Requester by) {
        if (tasks.isEmpty()) throw new IllegalArgumentException("no task given");
        List<TaskInfo> added = queue.addAll(tasks);
        log.accept(by.describe() + ": added " + String.join(", ", added.stream().map(TaskInfo::taskId).toList()));
        return added;
    }

    @Override
    public TaskInfo cancel(String taskId, Requester by) {
        TaskInfo t = TaskChanges.cancel(queue, taskId, clock.instant());
        log.accept(by.describe() + ": cancelled " + taskId);
        return t;
    }

    @Override
    public TaskInfo retry(String taskId, Requester by) {
        TaskInfo t = TaskChanges.retry(queue, taskId, clock.instant());
        log.accept(by.describe() + ": retried " + taskId);
        return t;
    }

    @Override
    public String answer(String workerId, HelpAnswerer.Answer answer, Integer option, Requester by) {
        if (answerer == null) throw new IllegalStateException("this master has no panes to answer in");
        String done = answerer.answer(workerId, answer, option, by);
        log.accept(by.describe() + ": answered " + workerId + " " + answer.json() + ": " + done);
        return done;
    }
}
