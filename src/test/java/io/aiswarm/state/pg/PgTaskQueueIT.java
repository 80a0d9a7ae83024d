package io.aiswarm.state.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aiswarm.state.NewTask;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.TaskQueue;
import io.aiswarm.state.TaskStatus;
import io.aiswarm.state.contract.TaskQueueContract;
import io.aiswarm.testing.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The queue's contract ({@link TaskQueueContract}) against PostgreSQL, and what only this store does. */
class PgTaskQueueIT extends StoreOnSharedServer implements TaskQueueContract {
    MutableClock clock = TaskQueueContract.startClock();
    PgTaskQueue queue;

    @BeforeEach
    void setUp() {
        queue = new PgTaskQueue(store.session("host-a", clock), clock);
    }

    @Override
    public TaskQueue queue() {
        return queue;
    }

    @Override
    public MutableClock clock() {
        return clock;
    }

    @Test
    void aBatchNamingOneIdTwiceIsRefusedAsSuch() {
        assertThatThrownBy(() -> queue.addAll(List.of(new NewTask("c", "x", null, null),
                new NewTask("c", "y", null, null))))
                .hasMessageContaining("'c' is given twice");
        assertThat(queue.list()).isEmpty();
    }

    @Test
    void anUnchangedUpdateWritesNothing() throws Exception {
        queue.add(new NewTask("a", "x", null, null));
        long xmin = xmin("a");
        queue.update("a", t -> t);
        queue.updateAll(t -> t);
        assertThat(xmin("a")).isEqualTo(xmin);
    }

    @Test
    void anUpdateThatEndsAClaimClearsItSoItsTokenIsRefused() {
        queue.add(new NewTask("a", "x", null, null));
        PgSession session = store.session("host-a", clock);
        PgLeases leases = new PgLeases(session, clock);
        Lease lease = leases.tryAcquire(Lease.Key.host("host-a"), Duration.ofSeconds(30)).orElseThrow();
        PgTaskClaims claims = new PgTaskClaims(session, clock, Duration.ofMinutes(5));
        TaskClaim claim = claims.claim(lease, List.of("worker-0")).get(0);
        // a person's change that keeps the task with its worker keeps the claim
        queue.update("a", t -> t.withPriority(1, clock.instant()));
        assertThat(claims.claimsOf("host-a")).extracting(TaskClaim::fence).containsExactly(claim.fence());
        // cancelling it ends the claim: the master's later write is refused
        queue.update("a", t -> t.withStatus(TaskStatus.CANCELLED, clock.instant()));
        assertThat(claims.claimsOf("host-a")).isEmpty();
        assertThatThrownBy(() -> claims.finish("a", claim.fence(), TaskStatus.DONE, 0, null, null))
                .isInstanceOf(StaleClaimException.class);
        assertThat(queue.get("a").orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }

    private long xmin(String taskId) throws Exception {
        try (Connection c = pg.connect(store.database); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT xmin::text::bigint FROM ai_swarm.tasks WHERE task_id = '" + taskId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
