package io.aiswarm.agent.stub;

import java.time.Duration;

/**
 * Runs the stub by hand, to watch a real CLI against it (test code: {@code mvn test-compile} first):
 * {@code java -cp target/test-classes:target/ai-swarm.jar io.aiswarm.agent.stub.ModelApiStubMain [--dump FILE] [--delay-ms N] [text:HELLO | bash:CMD | codex:CMD | gemini:CMD]...}. Prints the base URL
 * and every request (full bodies into FILE with --dump); stops on Ctrl-C.
 */
public final class ModelApiStubMain {
    private ModelApiStubMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ModelApiStub stub = ModelApiStub.start();
        Duration delay = Duration.ZERO;
        java.nio.file.Path dump = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--dump") && i + 1 < args.length) {
                dump = java.nio.file.Path.of(args[++i]);
            } else if (a.equals("--delay-ms") && i + 1 < args.length) {
                delay = Duration.ofMillis(Long.parseLong(args[++i]));
            } else if (a.startsWith("bash:")) {
                stub.script(StubReply.bash(a.substring(5)).after(delay));
            } else if (a.startsWith("codex:")) {
                stub.script(StubReply.codexExec(a.substring(6)).after(delay));
            } else if (a.startsWith("gemini:")) {
                stub.script(StubReply.geminiShell(a.substring(7)).after(delay));
            } else if (a.startsWith("limit:")) {
                stub.script(StubReply.rateLimited(Duration.ofSeconds(Long.parseLong(a.substring(6)))));
            } else if (a.startsWith("text:")) {
                stub.script(StubReply.text(a.substring(5)).after(delay));
            } else {
                System.err.println("unknown argument '" + a + "': use --dump FILE, --delay-ms N, text:TEXT, limit:SECONDS, bash:COMMAND, codex:COMMAND or gemini:COMMAND");
                System.exit(64);
            }
        }
        System.out.println(stub.baseUrl());
        System.out.flush();
        int seen = 0;
        while (true) {
            var all = stub.requests();
            for (; seen < all.size(); seen++) {
                var r = all.get(seen);
                System.out.println(r.api() + " " + r.method() + " " + r.path() + (r.scripted() ? " [agent turn]" : "")
                        + " " + abbreviate(r.body().toString()));
                if (dump != null) {
                    try {
                        java.nio.file.Files.writeString(dump, r.path() + " " + r.body() + "\n",
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        System.err.println("cannot write " + dump + ": " + e.getMessage());
                    }
                }
            }
            Thread.sleep(200);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
