package io.aiswarm.state;

import io.aiswarm.state.file.FileTaskLockManager;
import java.nio.file.Path;
import java.time.Clock;

/** Child JVM: tries every lock t0..t{n-1} once; prints "taskId OUTCOME" per try. Args: locksDir goFile n worker. */
public final class LockRacerMain {
    public static void main(String[] args) throws Exception {
        FileTaskLockManager locks = new FileTaskLockManager(Path.of(args[0]), 300, Clock.systemUTC());
        ChildSupport.awaitGo(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String id = "t" + i;
            out.append(id).append(' ').append(locks.acquire(id, args[3]).outcome()).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
