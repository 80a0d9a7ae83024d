package io.aiswarm.tmux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The control-mode reader's hot path, without tmux: splitting a reply block (a 50-line capture) and a burst of
 * {@code %output} notifications, and unescaping+decoding pane output. It lives in the tmux package because the
 * parser is package-private; it belongs to the benchmarks (io.aiswarm.bench).
 * Run: {@code bin/swarm-jmh ControlProtocolJmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ControlProtocolJmh {
    private final List<byte[]> captureReply = new ArrayList<>();
    private final List<byte[]> outputBurst = new ArrayList<>();
    private final PaneOutputDecoder decoder = new PaneOutputDecoder();
    private final byte[] outputLine = bytes("%output %7 \\033[1mbuild\\033[0m: compiled module 12 of 40 \\342\\234\\223\\015\\012");

    public ControlProtocolJmh() {
        captureReply.add(bytes("%begin 1700000000 1234 1"));
        for (int i = 0; i < 50; i++) {
            captureReply.add(bytes("line " + i + ": the quick brown fox jumps over the lazy dog ✓"));
        }
        captureReply.add(bytes("%end 1700000000 1234 1"));
        for (int i = 0; i < 50; i++) outputBurst.add(outputLine);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ControlProtocol protocol(Blackhole bh) {
        return new ControlProtocol(new ControlProtocol.Sink() {
            @Override
            public void reply(List<String> lines, boolean error) {
                bh.consume(lines);
            }

            @Override
            public void ownBlock(List<String> lines, boolean error) {
                bh.consume(lines);
            }

            @Override
            public void notification(byte[] line) {
                bh.consume(line);
            }
        });
    }

    /** One 50-line capture-pane reply, begin to end. */
    @Benchmark
    public void replyBlockOf50Lines(Blackhole bh) {
        ControlProtocol p = protocol(bh);
        for (byte[] line : captureReply) p.accept(line);
    }

    /** 50 %output notifications outside any block. */
    @Benchmark
    public void outputNotifications50(Blackhole bh) {
        ControlProtocol p = protocol(bh);
        for (byte[] line : outputBurst) p.accept(line);
    }

    /** One %output line: octal unescape and streaming UTF-8 decode. */
    @Benchmark
    public String decodeOutputLine() {
        return decoder.decode("%7", outputLine, "%output %7 ".length());
    }
}
