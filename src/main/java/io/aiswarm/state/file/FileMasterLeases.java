package io.aiswarm.state.file;

import io.aiswarm.state.MasterLeases;
import io.aiswarm.state.SwarmStateException;
import java.nio.file.Path;
import java.util.Optional;

/** The file store's master lease: {@link FileMasterLease}, an OS lock on the swarm directory's master.lock. */
public final class FileMasterLeases implements MasterLeases {
    private final Path file;

    public FileMasterLeases(Path file) {
        this.file = file;
    }

    @Override
    public Optional<HeldLease> tryAcquire() {
        return FileMasterLease.tryAcquire(file).map(Held::new);
    }

    @Override
    public Optional<String> holder() {
        return FileMasterLease.holder(file);
    }

    private static final class Held implements HeldLease {
        private final FileMasterLease lease;
        private volatile boolean closed;

        Held(FileMasterLease lease) {
            this.lease = lease;
        }

        /**
         * The OS holds the lock for as long as this process lives; the lease is lost when it is closed, or when the
         * name master.lock no longer leads to the locked file (removed or replaced: another master may lock the new
         * one).
         */
        @Override
        public void confirm() {
            if (closed) throw new SwarmStateException("the master lease " + lease + " was given up");
            if (!lease.stillHeld()) {
                throw new SwarmStateException("the master lease " + lease + " was lost: master.lock was removed or"
                        + " replaced, and another master may be active");
            }
        }

        @Override
        public long epoch() {
            return lease.epoch();
        }

        @Override
        public void close() {
            closed = true;
            lease.close();
        }
    }
}
