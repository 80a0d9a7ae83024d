package io.aiswarm.state;

/** A problem with the swarm's stored state; the message names the file, field or value and what to do. */
public class SwarmStateException extends RuntimeException {
    public SwarmStateException(String message) {
        super(message);
    }

    public SwarmStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
