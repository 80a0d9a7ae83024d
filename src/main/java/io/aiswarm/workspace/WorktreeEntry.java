package io.aiswarm.workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line group of {@code git worktree list --porcelain}: a working tree of the repository. */
public record WorktreeEntry(Path path, String head, String branch, boolean bare, boolean prunable) {
    private static final String HEADS = "refs/heads/";

    /** The short branch name checked out there, or null when detached (or bare). */
    public String shortBranch() {
        return branch != null && branch.startsWith(HEADS) ? branch.substring(HEADS.length()) : branch;
    }

    static List<WorktreeEntry> parse(String porcelain) {
        List<WorktreeEntry> entries = new ArrayList<>();
        Path path = null;
        String head = null;
        String branch = null;
        boolean bare = false;
        boolean prunable = false;
        for (String line : (porcelain + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (path != null) entries.add(new WorktreeEntry(path, head, branch, bare, prunable));
                path = null;
                head = null;
                branch = null;
                bare = false;
                prunable = false;
            } else if (line.startsWith("worktree ")) {
                path = Path.of(line.substring("worktree ".length())).toAbsolutePath().normalize();
            } else if (line.startsWith("HEAD ")) {
                head = line.substring("HEAD ".length());
            } else if (line.startsWith("branch ")) {
                branch = line.substring("branch ".length());
            } else if (line.equals("bare")) {
                bare = true;
            } else if (line.equals("prunable") || line.startsWith("prunable ")) {
                prunable = true;
            }
        }
        return entries;
    }
}
