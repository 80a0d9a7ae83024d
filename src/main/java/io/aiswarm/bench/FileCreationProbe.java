package io.aiswarm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What creating one new file costs the kernel, in CPU, where the benchmark's swarms live, right now. Each exec task
 * creates a few (its lock, its log, the runner's claim, a share of the task file's rewrites), and on a filesystem that
 * keeps recently deleted inodes from reuse (ext4 without a journal) a create searches past every inode deleted nearby
 * in the last half minute: from tens of microseconds to most of a millisecond, depending on what else ran.
 */
final class FileCreationProbe {
    private static final int FILES = 200;

    private FileCreationProbe() {
    }

    /** Microseconds of this thread's CPU per file created (O_CREAT|O_EXCL, as the swarm's files are). */
    static double microsPerCreate(Path parent) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            Path dir = Files.createTempDirectory(parent, "swarm-bench-files-");
            BenchSwarm.removeLater(dir); // removed with the swarms: removing now would make the next benchmark's files dearer
            long before = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < FILES; i++) {
                FileChannel.open(dir.resolve("f" + i), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            }
            return (threads.getCurrentThreadCpuTime() - before) / 1e3 / FILES;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
