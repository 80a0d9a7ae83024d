package io.aiswarm.workspace;

/** A workspace cannot be prepared as asked; the message says why and what a person can do. Nothing was lost. */
public class WorkspaceException extends GitException {
    public WorkspaceException(String message) {
        super(message);
    }
}
