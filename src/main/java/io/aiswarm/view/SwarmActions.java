package io.aiswarm.view;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import java.util.List;

/** What a person can do from a live view. Bad requests throw IllegalArgumentException saying why. */
public interface SwarmActions {
    List<TaskInfo> add(List<NewTask> tasks, Requester by);

    TaskInfo cancel(String taskId, Requester by);

    TaskInfo retry(String taskId, Requester by);

    /** Answers a worker's HELP (see {@link HelpAnswerer}); returns what was done. */
    String answer(String workerId, HelpAnswerer.Answer answer, Integer option, Requester by);
}
