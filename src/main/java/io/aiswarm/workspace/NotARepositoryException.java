package io.aiswarm.workspace;

/** The directory is not inside a git working tree: worktrees do not apply (swarm up then runs without them). */
public final class NotARepositoryException extends GitException {
    public NotARepositoryException(String message) {
        super(message);
    }
}
