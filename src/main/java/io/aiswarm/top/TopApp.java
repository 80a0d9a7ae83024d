package io.aiswarm.top;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.state.Json;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * `swarm top`: a full-screen view that redraws when the master reports a change (and once a second for the
 * durations), and acts on keys. Runs in any terminal JLine can drive (over SSH too), from 80x24 up.
 */
public final class TopApp {
    /** Puts the terminal on a worker's pane until the person detaches (tmux's prefix, then d). */
    public interface Attacher {
        void attach(String workerId) throws Exception;

        /** Something run with the terminal handed to it. */
        interface Body {
            void run() throws Exception;
        }
    }

    private static final Object RESIZE = new Object();
    private static final Object TICK = new Object();
    private static final Object END = new Object();

    private final TopFeed feed;
    private final Attacher attacher;
    private final Clock clock;
    private final TopState state = new TopState();
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile boolean pausedInput;
    private volatile boolean running = true;
    private String queueKey = "";

    public TopApp(TopFeed feed, Attacher attacher, Clock clock) {
        this.feed = feed;
        this.attacher = attacher;
        this.clock = clock;
        this.state.live = feed.live();
    }

    /** One frame as plain text, for scripts: the first snapshot, every worker, up to 30 tasks and 10 events. */
    public static String once(TopFeed feed, int width, Clock clock) throws IOException, InterruptedException {
        TopApp app = new TopApp(feed, null, clock);
        TopFeed.Update first = feed.next();
        if (first == null) throw new IOException("the master closed the connection");
        app.state.apply(first);
        app.state.tasks(feed.tasks());
        StringBuilder b = new StringBuilder();
        for (AttributedString line : TopFrame.render(app.state, width, 0, clock.instant(), true)) {
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    public int run(Terminal terminal) throws IOException, InterruptedException {
        Attributes saved = terminal.enterRawMode();
        Display display = new Display(terminal, true);
        terminal.handle(Terminal.Signal.WINCH, s -> inbox.add(RESIZE));
        terminal.handle(Terminal.Signal.INT, s -> inbox.add(new Key("q")));
        Thread updates = daemon("swarm-top-feed", this::readFeed);
        Thread keys = daemon("swarm-top-keys", this::readKeys);
        try {
            fullScreen(terminal, true);
            boolean unicode = terminal.encoding().name().equals("UTF-8");
            Size size = terminal.getSize();
            display.resize(size.getRows(), size.getColumns());
            updates.start();
            keys.start();
            while (running) {
                Object next = inbox.poll(1, TimeUnit.SECONDS);
                if (next == null) next = TICK;
                if (next == END) {
                    state.live = false;
                    state.message = "the master stopped; q quits";
                } else if (next instanceof TopFeed.Update u) {
                    state.apply(u);
                    refreshTasks();
                } else if (next instanceof Key k) {
                    key(k.name(), terminal, display);
                } else if (next == RESIZE) {
                    size = terminal.getSize();
                    display.clear();
                    display.resize(size.getRows(), size.getColumns());
                }
                if (!running) break;
                size = terminal.getSize();
                List<AttributedString> frame = TopFrame.render(state, size.getColumns(), size.getRows(), clock.instant(),
                        unicode);
                display.update(frame, size.cursorPos(size.getRows() - 1, 0));
                terminal.flush();
            }
            return 0;
        } finally {
            running = false;
            fullScreen(terminal, false);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static void fullScreen(Terminal terminal, boolean on) {
        if (on) {
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.puts(Capability.clear_screen);
        } else {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
        }
        terminal.flush();
    }

    private void readFeed() {
        try {
            TopFeed.Update u;
            while (running && (u = feed.next()) != null) inbox.add(u);
        } catch (IOException e) {
            // the master went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inbox.add(END);
    }

    /** The queue is fetched when its totals or the events moved, not on every redraw. */
    private void refreshTasks() {
        JsonNode snap = state.snapshot;
        String key = snap.path("queue").toString() + "|" + snap.path("last_event_id").asText();
        if (key.equals(queueKey)) return;
        queueKey = key;
        try {
            state.tasks(feed.tasks());
        } catch (IOException e) {
            state.message = "cannot read the queue: " + e.getMessage();
        }
    }

    private record Key(String name) {
    }

    /**
     * Reads keys from standard input by polling what is available (every 50 ms) rather than by a blocking read: a
     * blocked read would steal the first keys typed into tmux while the person is attached to a worker.
     */
    private void readKeys() {
        InputStream in = new FileInputStream(FileDescriptor.in);
        byte[] buf = new byte[64];
        try {
            while (running) {
                if (pausedInput || in.available() == 0) {
                    Thread.sleep(50);
                    continue;
                }
                int n = in.read(buf, 0, Math.min(buf.length, in.available()));
                for (String k : KeyParser.parse(buf, n)) inbox.add(new Key(k));
            }
        } catch (IOException e) {
            inbox.add(new Key("q"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void key(String k, Terminal terminal, Display display) {
        if (state.pending != null) {
            TopState.Pending p = state.pending;
            state.pending = null;
            state.message = k.equals("enter") ? perform(p) : "not done";
            return;
        }
        state.message = "";
        switch (k) {
            case "q", "ctrl-c" -> running = false;
            case "tab" -> state.nextFocus();
            case "up", "k" -> state.move(-1);
            case "down", "j" -> state.move(1);
            case "pageup" -> state.move(-10);
            case "pagedown" -> state.move(10);
            case "y", "n", "c" -> answer(k);
            case "a" -> attach(terminal, display);
            case "x" -> taskAction("cancel");
            case "r" -> taskAction("retry");
            case "d" -> diff(terminal, display);
            default -> state.message = TopFrame.KEYS;
        }
    }

    private void answer(String k) {
        String worker = state.selectedWorker();
        if (worker == null || !state.selectedNeedsHelp()) {
            state.message = "select a worker that needs help first (NEEDS HELP section)";
            return;
        }
        String answer = switch (k) {
            case "y" -> "yes";
            case "n" -> "no";
            default -> "cancel";
        };
        state.pending = new TopState.Pending("Answer " + answer.toUpperCase() + " to " + worker + "?",
                "/api/workers/" + worker + "/answer", json(Map.of("answer", answer)));
    }

    private void taskAction(String action) {
        String task = state.selectedTask();
        if (task == null) {
            state.message = "select a task first (QUEUE section, or a worker with a task)";
            return;
        }
        state.pending = new TopState.Pending(action.substring(0, 1).toUpperCase() + action.substring(1) + " " + task
                + "?", "/api/tasks/" + task + "/" + action, "");
    }

    private String perform(TopState.Pending p) {
        try {
            JsonNode answer = feed.act(p.path(), p.body());
            queueKey = ""; // the queue changed: fetch it with the next update
            if (answer.has("done")) return answer.path("done").asText();
            if (answer.has("task")) return answer.path("task").path("task_id").asText() + " is "
                    + answer.path("task").path("status").asText();
            return "done";
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        }
    }

    private void attach(Terminal terminal, Display display) {
        String worker = state.selectedWorker();
        if (worker == null || attacher == null) {
            state.message = "select a worker first";
            return;
        }
        handOff(terminal, display, () -> attacher.attach(worker), "back from " + worker, "cannot attach to " + worker);
    }

    /** The selected task's changes (diff stat and diff, from its worktree branch) in the pager ($PAGER, else less). */
    private void diff(Terminal terminal, Display display) {
        String task = state.selectedTask();
        if (task == null) {
            state.message = "select a task first (QUEUE section, or a worker with a task)";
            return;
        }
        String text;
        try {
            JsonNode json = feed.task(task);
            if (json.path("diff").isNull() || json.path("diff").isMissingNode()) {
                state.message = task + " has no branch to show (the swarm runs without worktrees, or it has not started)";
                return;
            }
            text = "task " + task + " (" + json.path("task").path("status").asText() + " "
                    + json.path("task").path("integration").asText("") + ", branch "
                    + json.path("task").path("branch").asText() + ")\n" + json.path("diff").asText();
        } catch (IOException e) {
            state.message = "no diff for " + task + ": " + e.getMessage();
            return;
        }
        handOff(terminal, display, () -> Pager.show(text), "back from the diff of " + task, "cannot show the diff");
    }

    /** Gives the terminal to a child (tmux attach, a pager) as a shell would, and takes it back afterwards. */
    private void handOff(Terminal terminal, Display display, Attacher.Body child, String back, String failed) {
        pausedInput = true;
        Attributes raw = terminal.getAttributes();
        try {
            fullScreen(terminal, false);
            terminal.setAttributes(restoredForChild(raw));
            child.run();
            state.message = back;
        } catch (Exception e) {
            state.message = failed + ": " + e.getMessage();
        } finally {
            terminal.setAttributes(raw);
            fullScreen(terminal, true);
            display.clear();
            pausedInput = false;
        }
    }

    /** tmux sets its own terminal modes; it is given the terminal as a shell would have it. */
    private static Attributes restoredForChild(Attributes raw) {
        Attributes a = new Attributes(raw);
        a.setLocalFlag(Attributes.LocalFlag.ICANON, true);
        a.setLocalFlag(Attributes.LocalFlag.ECHO, true);
        a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
        return a;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
