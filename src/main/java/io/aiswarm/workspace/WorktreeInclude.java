package io.aiswarm.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies what a fresh checkout lacks (a {@code .env}, local settings) from the person's checkout into a new
 * worktree: the paths listed in the checkout's {@code .worktreeinclude}, one per line, relative to the repository's
 * top ({@code #} comments; a glob such as {@code config/*.local} is matched against every file). A path that already
 * exists in the worktree (a tracked file) is never overwritten.
 */
public final class WorktreeInclude {
    public static final String FILE = ".worktreeinclude";

    private WorktreeInclude() {
    }

    /** Copies the listed paths from {@code checkout} into {@code worktree}; returns what it copied (relative). */
    public static List<Path> copy(Path checkout, Path worktree) {
        Path list = checkout.resolve(FILE);
        if (!Files.isRegularFile(list)) return List.of();
        List<Path> copied = new ArrayList<>();
        try {
            List<String> globs = new ArrayList<>();
            for (String raw : Files.readAllLines(list)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (line.startsWith("/")) line = line.substring(1);
                if (line.contains("..")) continue; // never outside the checkout
                if (line.matches(".*[*?\\[{].*")) globs.add(line);
                else copyOne(checkout, worktree, Path.of(line), copied);
            }
            if (!globs.isEmpty()) copyMatching(checkout, worktree, globs, copied);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the files of " + list + " into " + worktree + ": "
                    + e.getMessage(), e);
        }
        return copied;
    }

    private static void copyMatching(Path checkout, Path worktree, List<String> globs, List<Path> copied)
            throws IOException {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String g : globs) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        Files.walkFileTree(checkout, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = checkout.relativize(file);
                for (PathMatcher m : matchers) {
                    if (m.matches(rel)) {
                        copyOne(checkout, worktree, rel, copied);
                        break;
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void copyOne(Path checkout, Path worktree, Path rel, List<Path> copied) throws IOException {
        Path from = checkout.resolve(rel);
        Path to = worktree.resolve(rel);
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS) || Files.exists(to, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(target);
                    else if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) copyFile(p, target);
                }
            }
        } else {
            copyFile(from, to);
        }
        copied.add(rel);
    }

    private static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    }
}
