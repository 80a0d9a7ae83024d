package io.aiswarm.state;

import io.aiswarm.state.file.FileTaskQueue;
import java.nio.file.Path;
import java.time.Clock;

/** Child JVM: adds {@code count} tasks one at a time. Args: tasksFile goFile count tag. */
public final class QueueAdderMain {
    public static void main(String[] args) throws Exception {
        FileTaskQueue queue = new FileTaskQueue(Path.of(args[0]), Clock.systemUTC());
        ChildSupport.awaitGo(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) queue.add(NewTask.command("echo " + args[3] + "-" + i));
    }
}
