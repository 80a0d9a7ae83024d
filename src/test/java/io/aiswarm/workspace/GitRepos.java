package io.aiswarm.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real git repositories for tests: made with git itself, a local identity, one first commit. */
public final class GitRepos {
    private GitRepos() {
    }

    /** A repository at {@code dir} on branch main with README.md and src/app.txt committed. */
    public static Git create(Path dir) {
        try {
            Files.createDirectories(dir);
            Git git = new Git(dir);
            git.ok("init", "--quiet", "--initial-branch=main");
            git.ok("config", "user.name", "Test Person");
            git.ok("config", "user.email", "person@example.com");
            git.ok("config", "commit.gpgSign", "false");
            write(dir.resolve("README.md"), "# app\n");
            write(dir.resolve("src/app.txt"), "line 1\nline 2\nline 3\n");
            git.ok("add", "--all");
            git.ok("commit", "--quiet", "-m", "first");
            return git;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything in {@code git}'s directory. */
    public static String commitAll(Git git, String message) {
        git.ok("add", "--all");
        git.ok("commit", "--quiet", "-m", message);
        return git.ok("rev-parse", "HEAD");
    }
}
