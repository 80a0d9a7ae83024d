package io.aiswarm.state.memory;

import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.SwarmStateException;
import java.util.Optional;

/** One holder at a time among the users of this store object; held until closed. */
final class MemoryLeases implements MasterLeases {
    private String holder;
    private long acquisitions;

    @Override
    public synchronized Optional<HeldLease> tryAcquire() {
        if (holder != null) return Optional.empty();
        long mine = ++acquisitions;
        holder = "in-memory holder #" + mine + " (thread " + Thread.currentThread().getName() + ")";
        return Optional.of(new HeldLease() {
            @Override
            public void confirm() {
                synchronized (MemoryLeases.this) {
                    if (acquisitions != mine || holder == null) {
                        throw new SwarmStateException("the in-memory master lease #" + mine + " was lost");
                    }
                }
            }

            @Override
            public void close() {
                synchronized (MemoryLeases.this) {
                    if (acquisitions == mine) holder = null;
                }
            }
        });
    }

    @Override
    public synchronized Optional<String> holder() {
        return Optional.ofNullable(holder);
    }
}
