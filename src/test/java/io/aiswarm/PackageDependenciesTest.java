package io.aiswarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture.md, checked on the product's sources: every reference to a class of ours in
 * another package (imports and qualified names; comments and strings do not count) is an edge, and the edges must
 * point one way.
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/io/aiswarm");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.aiswarm\\.((?:[a-z][a-z0-9]*\\.)*[a-z][a-z0-9]*)\\.[A-Z]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'", Pattern.DOTALL);
    /** Package (as "state.pg") -> the packages of ours it refers to, with one file that does for each. */
    private static final Map<String, Map<String, Path>> EDGES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
                String code = COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" ");
                Map<String, Path> to = EDGES.computeIfAbsent(pkg, p -> new TreeMap<>());
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) to.putIfAbsent(m.group(1), file);
                }
            }
        }
        assertThat(EDGES).as("the sources were found").containsKeys("state", "tmux", "master", "cli");
    }

    private static Map<String, Path> from(String pkg) {
        return EDGES.getOrDefault(pkg, Map.of());
    }

    @Test
    void theTmuxLayerAndTheStateInterfaceDependOnNothingOfOurs() {
        assertThat(from("tmux")).as("tmux takes worker ids as given").isEmpty();
        assertThat(from("state")).as("the store interface knows none of its implementations").isEmpty();
    }

    @Test
    void eachStoreDependsOnTheStateInterfaceOnlyAndOnlyTheEdgesNameOne() {
        for (String store : List.of("state.file", "state.memory", "state.pg")) {
            assertThat(from(store).keySet()).as(store).containsOnly("state");
        }
        Set<String> stores = Set.of("state.file", "state.memory", "state.pg");
        Set<String> edges = Set.of("stores", "cli", "demo", "bench");
        EDGES.forEach((pkg, to) -> {
            if (stores.contains(pkg) || edges.contains(pkg)) return;
            assertThat(to.keySet()).as(pkg + " works on the store interface, not a store: " + to)
                    .doesNotContainAnyElementsOf(stores);
        });
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        Set<String> edges = Set.of("cli", "demo", "bench");
        EDGES.forEach((pkg, to) -> {
            if (edges.contains(pkg)) return;
            assertThat(to.keySet()).as(pkg + " depends on the edges: " + to).doesNotContainAnyElementsOf(edges);
        });
        assertThat(from("demo")).doesNotContainKeys("cli", "bench");
        assertThat(from("bench")).doesNotContainKeys("cli", "demo");
    }

    @Test
    void dependenciesPointOneWay() {
        List<String> cycles = new ArrayList<>();
        for (String start : EDGES.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            findCycle(start, start, path, new TreeSet<>(), cycles);
        }
        assertThat(cycles).as("package cycles (each with a file that makes its edges)").isEmpty();
    }

    private static void findCycle(String start, String at, List<String> path, Set<String> seen, List<String> cycles) {
        for (Map.Entry<String, Path> edge : from(at).entrySet()) {
            String next = edge.getKey();
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start + " (" + edge.getValue() + ")");
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
