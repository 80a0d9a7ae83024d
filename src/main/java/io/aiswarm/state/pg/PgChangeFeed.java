package io.aiswarm.state.pg;

import io.aiswarm.state.ChangeFeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes a master or follower when the store changed: LISTENs on the schema's change channel on a connection of its
 * own, and passes each notification's payload ({@code tasks}, {@code events}) to {@code onChange} from its own thread.
 * Notifications sent while the connection was down are lost, so after every (re)connect it passes {@link #RESYNC}:
 * the receiver then reads what it follows (by id) as if notified. Reconnects with backoff (0.5 s doubling to 30 s).
 */
public final class PgChangeFeed implements ChangeFeed.Watch {
    /** Passed after each (re)connect: something may have changed while nobody listened. */
    public static final String RESYNC = "resync";
    private static final int WAIT_MILLIS = 500;

    private final PgSettings settings;
    private final Consumer<String> onChange;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;

    private PgChangeFeed(PgSettings settings, Consumer<String> onChange) {
        this.settings = settings;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "ai-swarm-pg-listen");
        this.thread.setDaemon(true);
    }

    public static PgChangeFeed start(PgSettings settings, Consumer<String> onChange) {
        PgChangeFeed feed = new PgChangeFeed(settings, onChange);
        feed.thread.start();
        return feed;
    }

    /** The store's change feed: each watch listens on a connection of its own. */
    public static ChangeFeed feed(PgSettings settings) {
        return onChange -> start(settings, payload -> onChange.run());
    }

    /** True while connected and listening. */
    public boolean listening() {
        return listening;
    }

    private void run() {
        Duration delay = Duration.ofMillis(500);
        while (!closed) {
            try (Connection c = PgConnector.open(settings, "listener")) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + settings.changeChannel() + "\"");
                }
                listening = true;
                delay = Duration.ofMillis(500);
                onChange.accept(RESYNC);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
                    if (notes == null) continue;
                    for (PGNotification n : notes) onChange.accept(n.getParameter());
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) return;
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : delay.multipliedBy(2);
            } finally {
                listening = false;
            }
        }
    }

    /** The listener's own thread waits before reconnecting; close() wakes it. */
    private synchronized void sleep(Duration d) {
        try {
            if (!closed) wait(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops listening: within the half second a wait for notifications lasts. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
