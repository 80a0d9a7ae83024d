package io.aiswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aiswarm.api.ApiRequest;
import io.aiswarm.api.ApiResponse;
import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.TaskInfo;
import io.aiswarm.state.file.FileSwarmStore;
import io.aiswarm.view.Requester;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliViaMasterTest {
    @TempDir
    Path tmp;

    private FileSwarmStore store;
    private SwarmConfig config;
    private final List<String> asked = new ArrayList<>();
    private ApiResponse statusAnswer = ApiResponse.text("the master's table\n");

    @BeforeEach
    void swarm() {
        config = SwarmConfig.from("default", Map.of("AI_SWARM_DIR", tmp.resolve("swarm").toString()));
        store = FileSwarmStore.open(config, Clock.systemUTC());
    }

    private ApiResponse call(String tasksFile, String... args) {
        StringBuilder body = new StringBuilder(tasksFile).append('\0');
        for (String a : args) body.append(a).append('\0');
        CliViaMaster cli = new CliViaMaster(config, store, r -> {
            asked.add(r.path() + "?" + new java.util.TreeMap<>(r.query()));
            return statusAnswer;
        });
        return cli.apply(ApiRequest.of("POST", CliViaMaster.PATH, body.toString(), new Requester("cli", "me", "test"),
                null));
    }

    @Test
    void taskAddRunsOnTheMastersStore() {
        ApiResponse r = call("", "task", "add", "--id", "t1", "-p", "3", "--", "echo", "ü");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("0 3 0\nt1\n");
        TaskInfo t = store.queue().get("t1").orElseThrow();
        assertThat(t.command()).isEqualTo("echo ü");
        assertThat(t.priority()).isEqualTo(3);
        assertThat(call("tasks.json", "task", "add", "--", "true").body()).isEqualTo("0 12 0\ntask-000002\n");
    }

    @Test
    void errorsAreTheCommandsOwnWithTheirExitCodes() {
        ApiResponse r = call("", "task", "add", "--retries", "999", "--", "true");
        String err = "swarm: --retries 999 must be from 0 to 100\n";
        assertThat(r.body()).isEqualTo("1 0 " + err.length() + "\n" + err);
        assertThat(store.queue().list()).isEmpty();
    }

    @Test
    void statusIsTheMastersAnswer() {
        assertThat(call("", "status", "--json", "--panes").body()).isEqualTo("0 19 0\nthe master's table\n");
        assertThat(asked).containsExactly("/api/status?{format=status-json, panes=1}");
        statusAnswer = ApiResponse.error(500, "broken");
        assertThat(call("", "status").status()).isEqualTo(409);
    }

    @Test
    void declinesWhatTheJvmMustAnswerBeforeDoingAnything() {
        Path file = tmp.resolve("tasks.txt");
        List<String[]> declined = List.of(new String[] {"task", "add", "--file", file.toString()},
                new String[] {"task", "add", "-f-"}, new String[] {"task", "add"},
                new String[] {"task", "add", "-p", "x", "--", "true"}, new String[] {"task", "add", "-h"},
                new String[] {"task", "list"}, new String[] {"task"}, new String[] {"log"}, new String[] {"--version"},
                new String[] {"status", "--cpu-sample", "5"}, new String[] {"help", "status"}, new String[] {});
        for (String[] args : declined) {
            assertThat(call("", args).status()).as(String.join(" ", args)).isEqualTo(409);
        }
        assertThat(call("other.json", "task", "add", "--", "true").status()).isEqualTo(409);
        assertThat(call("../x", "task", "add", "--", "true").status()).isEqualTo(409);
        assertThat(store.queue().list()).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void fieldsEndWithNul() {
        assertThat(CliViaMaster.fields("a\0\0b c\0tail")).containsExactly("a", "", "b c");
    }
}
