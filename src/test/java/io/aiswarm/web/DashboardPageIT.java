package io.aiswarm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aiswarm.state.TaskStatus;
import io.aiswarm.testing.Chromium;
import io.aiswarm.testing.LiveSwarm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real headless Chromium against a running master: it shows the workers, follows a task added
 * elsewhere, closes a HELP answered from the page, shows hostile text as text, and reconnects to a new master.
 * Screenshots go to target/screenshots/.
 */
class DashboardPageIT {
    static final Path SHOTS = Path.of("target", "screenshots");
    @TempDir
    Path tmp;
    private LiveSwarm swarm;
    private Chromium browser;
    private Chromium.Page page;

    @BeforeEach
    void start() throws Exception {
        Chromium.require(); // skips, saying why, before a swarm is started for nothing
        swarm = LiveSwarm.start(tmp, 2);
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        LiveSwarm.Run serve = swarm.swarm("serve", "--port", Integer.toString(port));
        Matcher url = Pattern.compile("web page at (http://\\S+)").matcher(serve.out());
        assertThat(url.find()).as(serve.out()).isTrue();
        browser = Chromium.launch(tmp.resolve("chromium"));
        page = browser.open(url.group(1));
    }

    private int port;

    @AfterEach
    void stop() {
        if (page != null) page.close();
        if (browser != null) browser.close();
        if (swarm != null) swarm.close();
    }

    private boolean js(String condition) throws Exception {
        return page.eval("!!(" + condition + ")").asBoolean();
    }

    private void awaitPage(String condition) throws Exception {
        try {
            await().atMost(LiveSwarm.WAIT).ignoreExceptions().until(() -> js(condition));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            page.screenshot(SHOTS.resolve("failed.png"), 1280, 860);
            throw new AssertionError("the page never showed " + condition + "; it shows: "
                    + page.eval("document.body.innerText").asText() + "\nmaster log: " + swarm.masterLog(), e);
        }
    }

    private String add(String command) throws Exception {
        LiveSwarm.Run run = swarm.swarm("task", "add", "--", command);
        assertThat(run.exit()).as(run.out()).isZero();
        return run.out().strip();
    }

    private static String row(String table, String attribute, String value) {
        return "document.querySelector('#" + table + " tr[data-" + attribute + "=\"" + value + "\"]')";
    }

    @Test
    void showsTheWorkersFollowsTheQueueAndClosesAHelpAnsweredFromThePage() throws Exception {
        awaitPage("document.getElementById('live').textContent === 'live'");
        awaitPage("document.querySelectorAll('#workers tbody tr').length === 2");
        assertThat(page.eval("[...document.querySelectorAll('#workers tbody tr')].map(r => r.dataset.worker).join()")
                .asText()).isEqualTo("worker-0,worker-1");

        // a task added from the command line shows up, running on a worker
        String sleeper = add("sleep 600");
        long added = System.nanoTime();
        awaitPage(row("tasks", "task", sleeper) + " && " + row("tasks", "task", sleeper)
                + ".textContent.includes('running')");
        System.out.printf("page showed %s running %.0f ms after `swarm task add` returned%n", sleeper,
                (System.nanoTime() - added) / 1e6);
        awaitPage("[...document.querySelectorAll('#workers tbody tr')].some(r => r.textContent.includes('" + sleeper + "'))");

        // markup in a task and on a screen is shown as text, never run
        String hostile = add("echo '<img src=x onerror=\"window.pwned=1\">'; printf '<b>Delete all?</b> [y/N] '; read a;"
                + " echo \"answer=$a\"");
        awaitPage("document.querySelectorAll('#help li').length === 1");
        assertThat(js("document.querySelector('#help li').textContent.includes('<b>Delete all?</b> [y/N]')")).isTrue();
        assertThat(js(row("tasks", "task", hostile) + ".textContent.includes('<img src=x')")).isTrue();
        assertThat(js("document.querySelectorAll('main img, main b').length === 0 && window.pwned === undefined"))
                .isTrue();
        page.screenshot(SHOTS.resolve("dashboard.png"), 1280, 860);

        // the person answers no on the page: the prompt gets n, the HELP closes, the task ends
        page.eval("document.querySelector('#help li button[data-answer=\"no\"]').click()");
        awaitPage("document.querySelectorAll('#help li').length === 0 && !document.getElementById('help-empty').hidden");
        await().atMost(LiveSwarm.WAIT).until(() -> swarm.state().queue().get(hostile).orElseThrow().status()
                == TaskStatus.DONE);
        assertThat(Files.readString(swarm.config().paths().resultLog(hostile))).contains("answer=n");
        assertThat(Files.readString(swarm.config().paths().statusLog()))
                .containsPattern("answered no by page \\(same origin\\) via web from 127\\.0\\.0\\.1:\\d+");
        awaitPage("document.getElementById('toast').textContent.includes('typed n and Enter')");
        awaitPage("[...document.querySelectorAll('#events li')].some(l => l.textContent.includes('answered no'))");
    }

    @Test
    void reconnectsByItselfWhenTheMasterIsReplaced() throws Exception {
        awaitPage("document.getElementById('live').textContent === 'live'");
        String before = page.eval("document.getElementById('master').textContent").asText();
        swarm.stopMaster();
        awaitPage("document.getElementById('live').textContent !== 'live'");
        swarm.startMaster();
        awaitPage("document.getElementById('live').textContent === 'live' && "
                + "document.getElementById('master').textContent !== " + quote(before));
        // the new master's page still acts: a task added from the page runs
        page.eval("document.getElementById('add-text').value = 'echo from-the-page'; "
                + "document.getElementById('add-button').click()");
        awaitPage("[...document.querySelectorAll('#tasks tbody tr')].some(r => r.textContent.includes('from-the-page') "
                + "&& r.textContent.includes('done'))");
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
