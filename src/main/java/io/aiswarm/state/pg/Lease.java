package io.aiswarm.state.pg;

import java.time.Instant;
import java.util.UUID;

/**
 * A held lease as its holder knows it: which lease, the holding machine, the token naming this acquisition, the epoch
 * (its fencing token: one more at every change of holder) and when it expires unless renewed.
 */
public record Lease(Key key, String holder, UUID token, long epoch, Instant expiresAt) {
    /** Which lease: a machine's master lease or the cluster leader's. */
    public record Key(String kind, String name) {
        public static Key host(String host) {
            return new Key("host", host);
        }

        public static Key leader() {
            return new Key("leader", "cluster");
        }

        @Override
        public String toString() {
            return kind.equals("host") ? "the master lease of host " + name : "the cluster leader lease";
        }
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
