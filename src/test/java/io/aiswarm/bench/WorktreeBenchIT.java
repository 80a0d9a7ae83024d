package io.aiswarm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worktree benchmark on a small repository: it measures what it says and merges every task. */
class WorktreeBenchIT {
    @Test
    void measuresCreationSwitchingAndTheMergeQueue() throws Exception {
        WorktreeBench.Result r = WorktreeBench.measure(200, 2, 3);
        assertThat(r.createMs().count()).isEqualTo(2);
        assertThat(r.switchMs().count()).isEqualTo(3);
        assertThat(r.merged()).isEqualTo(3);
        assertThat(r.worktreeBytes()).isGreaterThan(200 * 1800L);
        assertThat(r.mergeMsPerTask()).isPositive();
    }
}
