package io.aiswarm.workspace;

/** A git command failed or git cannot be used; the message names the command, the directory and what to do. */
public class GitException extends RuntimeException {
    public GitException(String message) {
        super(message);
    }

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
