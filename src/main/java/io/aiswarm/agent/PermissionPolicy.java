package io.aiswarm.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aiswarm.master.DangerousWords;
import io.aiswarm.state.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which permission dialogs may be approved without a person. By default none. A policy file
 * ({@code <swarm dir>/agent-policy.json}: {@code {"allowCommandPrefixes": ["npm test", "ls"], "allowTools":
 * ["Read file"]}}) may allow a command that starts with a listed prefix (at a word boundary, with no shell
 * chaining, redirection or substitution), or a dialog whose tool header is listed. A dangerous word anywhere in the
 * dialog always wins: it is never approved.
 */
public final class PermissionPolicy {
    public static final String FILE_NAME = "agent-policy.json";
    private static final Pattern SHELL_META = Pattern.compile("[;&|`<>\\n]|\\$\\(");
    private final List<String> prefixes;
    private final List<String> tools;

    public PermissionPolicy(List<String> prefixes, List<String> tools) {
        this.prefixes = List.copyOf(prefixes);
        this.tools = List.copyOf(tools);
    }

    public static PermissionPolicy none() {
        return new PermissionPolicy(List.of(), List.of());
    }

    /** The policy in {@code file}, or none when it does not exist; errors name the file and field. */
    public static PermissionPolicy load(Path file) {
        String text = TextFiles.readOrEmpty(file);
        if (text.isBlank()) return none();
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            return new PermissionPolicy(strings(root, "allowCommandPrefixes", file), strings(root, "allowTools", file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + "): "
                    + e.getOriginalMessage());
        }
    }

    /** Empty when the dialog may be approved; otherwise why not (for the HELP message). */
    public Optional<String> refusal(ScreenReading dialog, List<String> dialogLines) {
        if (dialog.generic()) {
            return Optional.of("not a permission dialog the profile knows (" + dialog.rule() + "): a person answers it");
        }
        Optional<DangerousWords.Hit> danger = DangerousWords.find(dialogLines);
        if (danger.isPresent()) {
            return Optional.of("dangerous '" + danger.get().word() + "': never approved automatically");
        }
        String command = dialog.waitingFor();
        for (String prefix : prefixes) {
            if (!command.isEmpty() && !SHELL_META.matcher(command).find()
                    && (command.equals(prefix) || command.startsWith(prefix + " "))) {
                return Optional.empty();
            }
        }
        for (String tool : tools) {
            for (String line : dialogLines) {
                if (line.replaceAll("[│╭╮╰╯─]", "").strip().equals(tool)) return Optional.empty();
            }
        }
        return Optional.of("permission dialogs are approved by a person (no policy entry allows '"
                + (command.isEmpty() ? dialog.line() : command) + "')");
    }

    private static List<String> strings(JsonNode root, String field, Path file) {
        JsonNode list = root.get(field);
        List<String> out = new ArrayList<>();
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) throw new IllegalArgumentException(file + ": " + field + ": expected an array of strings");
        for (JsonNode item : list) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new IllegalArgumentException(file + ": " + field + ": expected non-empty strings, found " + item);
            }
            out.add(item.asText().strip());
        }
        return out;
    }
}
