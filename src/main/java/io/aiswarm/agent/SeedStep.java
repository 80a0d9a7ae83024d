package io.aiswarm.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A first-run step done before an agent starts, so that no onboarding or trust screen needs typing: either merge
 * {@code json} into a JSON file, or append {@code text} to a text file unless it already contains
 * {@code unlessContains}. Strings may hold placeholders ({@link Placeholders}).
 */
public record SeedStep(String file, JsonNode json, String text, String unlessContains) {
    public boolean isJson() {
        return json != null;
    }
}
