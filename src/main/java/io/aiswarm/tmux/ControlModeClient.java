package io.aiswarm.tmux;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One long-lived {@code tmux -L socket -C attach -t session} child over plain pipes.
 * Commands go one per line; replies are matched first-in first-out (tmux answers in order).
 * A dedicated reader thread parses the stream and never waits for consumers: notifications are
 * handed to a single event thread, synchronous callers are woken directly.
 * When tmux says %exit, or the stream ends, every pending and later command fails with a
 * TmuxException saying the session or server is gone.
 */
public final class ControlModeClient implements AutoCloseable {
    static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final String socket;
    private final String session;
    private final Process process;
    private final OutputStream stdin;
    private final Object writeLock = new Object();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<ControlListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread shutdownHook;
    private final PaneOutputDecoder decoder = new PaneOutputDecoder();
    private volatile boolean outputEnabled;
    private volatile boolean outputDecoded = true;
    /** Panes with an activity call queued and not yet delivered: a burst of output makes one call. */
    private final Set<String> activityQueued = ConcurrentHashMap.newKeySet();
    private volatile String closedReason;   // non-null once the client ended
    private volatile String exitReason;     // what %exit said, if it said anything

    private ControlModeClient(String socket, String session, Process process) {
        this.socket = socket;
        this.session = session;
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "tmux-events-" + session));
        this.shutdownHook = new Thread(process::destroyForcibly, "tmux-control-shutdown-" + session);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        daemon(this::readLoop, "tmux-reader-" + session).start();
        daemon(this::drainStderr, "tmux-stderr-" + session).start();
    }

    /** Attaches a control client to an existing session (without %output, ignoring its size). */
    public static ControlModeClient attach(String socket, String session) {
        return start(socket, session, List.of("-C", "attach-session", "-t", "=" + session, "-f", "no-output,ignore-size"));
    }

    /** Starts the control client with the given tmux arguments (after -L socket) and waits until it is attached. */
    static ControlModeClient start(String socket, String session, List<String> args) {
        Process process;
        try {
            process = TmuxProcessRunner.builder(socket, args).start();
        } catch (IOException e) {
            throw TmuxProcessRunner.notInstalled(e);
        }
        ControlModeClient client = new ControlModeClient(socket, session, process);
        try {
            client.ready.get(DEFAULT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            client.close();
            throw (TmuxException) e.getCause();
        } catch (TimeoutException e) {
            client.close();
            throw new TmuxException("tmux control client for session '" + session + "' on socket '" + socket
                    + "' did not attach within " + DEFAULT_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new TmuxException("interrupted while attaching to tmux session '" + session + "'", e);
        }
        return client;
    }

    public String socket() {
        return socket;
    }

    public String session() {
        return session;
    }

    public boolean isOpen() {
        return closedReason == null;
    }

    public void addListener(ControlListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ControlListener listener) {
        listeners.remove(listener);
    }

    /** Runs one tmux command (a single command: no ';' sequences) and returns its output lines. */
    public List<String> command(String line) {
        return await(send(List.of(line)).get(0), line);
    }

    /** Sends one command; the future completes (off the reader thread) with its lines or a TmuxException. */
    public CompletableFuture<List<String>> commandAsync(String line) {
        return send(List.of(line)).get(0).thenApplyAsync(Function.identity());
    }

    /**
     * Sends all commands in one write, then returns their futures (completed on the reader thread:
     * callers only wait on them). This is the pipelined path: N commands cost one round trip.
     */
    public List<CompletableFuture<List<String>>> pipeline(List<String> lines) {
        return send(lines);
    }

    /** Waits for a pipelined reply, turning failures into TmuxException. */
    public static List<String> await(CompletableFuture<List<String>> future, String what) {
        try {
            return future.get(DEFAULT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TmuxException te) throw te;
            throw new TmuxException("tmux command failed: " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TmuxException("tmux did not answer within " + DEFAULT_TIMEOUT_MS + " ms: " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TmuxException("interrupted while waiting for tmux: " + what, e);
        }
    }

    public boolean isOutputEnabled() {
        return outputEnabled;
    }

    /** Turns %output delivery on or off (off by default: a printing pane then costs nothing here). */
    public void setOutputEnabled(boolean enabled) {
        if (enabled == outputEnabled) return;
        outputEnabled = enabled;
        command("refresh-client -f " + (enabled ? "!no-output" : "no-output"));
    }

    /**
     * Whether %output text is decoded and passed to {@link ControlListener#output}; on by default. Off, a
     * printing pane only costs its pane id and one coalesced {@link ControlListener#activity} call.
     */
    public void setOutputDecoded(boolean decoded) {
        outputDecoded = decoded;
    }

    private List<CompletableFuture<List<String>>> send(List<String> lines) {
        byte[][] encoded = new byte[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            encoded[i] = validated(lines.get(i)).getBytes(StandardCharsets.UTF_8);
        }
        List<CompletableFuture<List<String>>> futures = new ArrayList<>(lines.size());
        synchronized (writeLock) {
            try {
                for (int i = 0; i < encoded.length; i++) {
                    Pending p = new Pending(lines.get(i), new CompletableFuture<>());
                    synchronized (pending) {
                        if (closedReason != null) throw gone();
                        pending.add(p);
                    }
                    futures.add(p.future);
                    stdin.write(encoded[i]);
                    stdin.write('\n');
                }
                stdin.flush();
            } catch (IOException e) {
                ended("the tmux control client's input closed (" + e.getMessage() + ")");
                throw gone();
            }
        }
        return futures;
    }

    private static String validated(String line) {
        if (line.isBlank()) {
            // an empty line would detach the control client
            throw new IllegalArgumentException("empty tmux command");
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a tmux control-mode command must be one line without NUL: "
                    + line.replace("\n", "\\n"));
        }
        return line;
    }

    private TmuxException gone() {
        return new TmuxException("tmux session '" + session + "' on socket '" + socket + "' is gone: " + closedReason);
    }

    private void readLoop() {
        ControlProtocol protocol = new ControlProtocol(new Sink());
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new BufferedInputStream(process.getInputStream(), 1 << 16)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        protocol.accept(line.toByteArray());
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buffer, start, n - start);
            }
            ended(exitReason != null ? exitReason : "the tmux control client exited (tmux server gone?)" + stderrSuffix());
        } catch (IOException e) {
            ended("reading from tmux failed: " + e.getMessage());
        } catch (RuntimeException e) {
            ended("internal error reading from tmux: " + e);
        }
    }

    private String stderrSuffix() {
        synchronized (stderr) {
            return stderr.length() == 0 ? "" : ": " + stderr.toString().strip();
        }
    }

    private void drainStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = err.read(buffer)) > 0) {
                synchronized (stderr) {
                    if (stderr.length() < 4096) stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Marks the client ended (once), fails every pending command, tells listeners. */
    private void ended(String reason) {
        List<Pending> failed;
        synchronized (pending) {
            if (closedReason != null) return;
            closedReason = reason;
            failed = new ArrayList<>(pending);
            pending.clear();
        }
        TmuxException ex = gone();
        ready.completeExceptionally(new TmuxException("cannot attach to tmux session '" + session + "' on socket '"
                + socket + "': " + reason));
        for (Pending p : failed) p.future.completeExceptionally(ex);
        for (ControlListener l : listeners) dispatch(() -> l.closed(reason));
        events.shutdown();
        process.destroy();
    }

    /** Detaches: closes tmux's stdin, then makes sure the child process is gone. Idempotent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        ended("the control client was closed");
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down; the hook runs anyway
        }
    }

    /** Queues a listener call on the event thread; a throwing listener does not stop the others. */
    private void dispatch(Runnable call) {
        try {
            events.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    System.err.println("swarm: a tmux event listener failed: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            // the client has ended; late events are dropped
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private record Pending(String line, CompletableFuture<List<String>> future) {
    }

    /** Reader-thread side: completes futures and queues events; never blocks. */
    private final class Sink implements ControlProtocol.Sink {
        @Override
        public void reply(List<String> lines, boolean error) {
            Pending p;
            synchronized (pending) {
                p = pending.poll();
            }
            if (p == null) return; // a block we did not ask for (e.g. a hook's command); nothing waits on it
            if (error) {
                p.future.completeExceptionally(new TmuxRefusedException("tmux command failed: " + p.line + ": "
                        + String.join(" ", lines)));
            } else {
                p.future.complete(lines);
            }
        }

        @Override
        public void ownBlock(List<String> lines, boolean error) {
            if (error) {
                ended("tmux refused to attach: " + String.join(" ", lines));
            } else {
                ready.complete(null);
            }
        }

        @Override
        public void notification(byte[] line) {
            if (ControlProtocol.startsWith(line, "%output ")) {
                if (!outputEnabled) return;
                int space = indexOf(line, (byte) ' ', 8);
                if (space < 0) return;
                String pane = new String(line, 8, space - 8, StandardCharsets.US_ASCII);
                if (!activityQueued.contains(pane) && VisibleText.in(line, space + 1) && activityQueued.add(pane)) {
                    dispatch(() -> {
                        activityQueued.remove(pane); // before the calls: output after this point queues another
                        for (ControlListener l : listeners) l.activity(pane);
                    });
                }
                if (!outputDecoded) return;
                String text = decoder.decode(pane, line, space + 1);
                if (!text.isEmpty()) {
                    for (ControlListener l : listeners) dispatch(() -> l.output(pane, text));
                }
                return;
            }
            String text = new String(line, StandardCharsets.UTF_8);
            if (text.startsWith("%exit")) {
                String why = text.length() > 6 ? text.substring(6).strip() : "";
                exitReason = "tmux ended the control client" + (why.isEmpty() ? " (session closed or server gone)"
                        : ": " + why);
            }
            for (ControlListener l : listeners) dispatch(() -> l.notification(text));
        }

        private int indexOf(byte[] line, byte b, int from) {
            for (int i = from; i < line.length; i++) {
                if (line[i] == b) return i;
            }
            return -1;
        }
    }
}
