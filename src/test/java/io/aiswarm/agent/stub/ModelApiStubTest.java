package io.aiswarm.agent.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stub over real HTTP on loopback, speaking each API's wire format. */
class ModelApiStubTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = ",\"tools\":[{\"name\":\"Bash\",\"input_schema\":{}}]";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ModelApiStub stub = ModelApiStub.start();

    @AfterEach
    void close() {
        stub.close();
    }

    @Test
    void anthropicScriptedRepliesComeInOrderThenDone() throws Exception {
        stub.script(StubReply.text("first"), StubReply.bash("rm -rf build"));
        JsonNode one = JSON.readTree(post("/v1/messages", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + TOOLS + "}").body());
        assertThat(one.at("/content/0/text").asText()).isEqualTo("first");
        assertThat(one.get("stop_reason").asText()).isEqualTo("end_turn");
        JsonNode two = JSON.readTree(post("/v1/messages", "{\"model\":\"m\",\"messages\":[]" + TOOLS + "}").body());
        assertThat(two.at("/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(two.at("/content/0/name").asText()).isEqualTo("Bash");
        assertThat(two.at("/content/0/input/command").asText()).isEqualTo("rm -rf build");
        assertThat(two.get("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode three = JSON.readTree(post("/v1/messages", "{\"model\":\"m\",\"messages\":[]" + TOOLS + "}").body());
        assertThat(three.at("/content/0/text").asText()).isEqualTo("Done.");
        assertThat(stub.agentTurns()).hasSize(3);
        assertThat(stub.agentTurns().get(0).lastUserText()).isEqualTo("hi");
    }

    @Test
    void anthropicStreamsAToolCallAsSse() throws Exception {
        stub.script(StubReply.bash("rm -rf build"));
        List<JsonNode> events = sse(post("/v1/messages?beta=true", "{\"model\":\"m\",\"stream\":true,\"messages\":[]" + TOOLS + "}").body());
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events.get(1).at("/content_block/name").asText()).isEqualTo("Bash");
        JsonNode input = JSON.readTree(events.get(2).at("/delta/partial_json").asText());
        assertThat(input.get("command").asText()).isEqualTo("rm -rf build");
        assertThat(events.get(4).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void sideCallsDoNotEatTheScript() throws Exception {
        stub.script(StubReply.text("for the agent"));
        JsonNode side = JSON.readTree(post("/v1/messages", "{\"model\":\"haiku\",\"messages\":[]}").body());
        assertThat(side.at("/content/0/text").asText()).isEqualTo("OK");
        assertThat(JSON.readTree(post("/v1/messages/count_tokens", "{}").body()).get("input_tokens").asInt()).isPositive();
        assertThat(stub.remainingScript()).isEqualTo(1);
        HttpResponse<String> missing = post("/v2/other", "{}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(stub.requests()).extracting(RecordedRequest::path).contains("/v2/other");
    }

    @Test
    void openAiResponsesStreamEndsWithCompleted() throws Exception {
        stub.script(StubReply.toolCall("shell", java.util.Map.of("command", List.of("bash", "-lc", "ls"))));
        List<JsonNode> events = sse(post("/v1/responses", "{\"model\":\"m\",\"stream\":true,\"input\":[],\"tools\":[{\"type\":\"function\"}]}").body());
        assertThat(events.get(0).get("type").asText()).isEqualTo("response.created");
        JsonNode done = events.stream().filter(e -> e.get("type").asText().equals("response.output_item.done")).findFirst().orElseThrow();
        assertThat(done.at("/item/type").asText()).isEqualTo("function_call");
        assertThat(done.at("/item/name").asText()).isEqualTo("shell");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("response.completed");
    }

    @Test
    void geminiStreamsCandidates() throws Exception {
        stub.script(StubReply.text("hello from gemini"));
        List<JsonNode> events = sse(post("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
                "{\"contents\":[],\"tools\":[{\"functionDeclarations\":[]}]}").body());
        assertThat(events.get(0).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("hello from gemini");
        JsonNode json = JSON.readTree(post("/v1beta/models/flash:generateContent",
                "{\"generationConfig\":{\"responseMimeType\":\"application/json\"}}").body());
        assertThat(JSON.readTree(json.at("/candidates/0/content/parts/0/text").asText()).get("next_speaker").asText())
                .isEqualTo("user");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> sse(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) out.add(JSON.readTree(line.substring(6)));
        }
        return out;
    }
}
