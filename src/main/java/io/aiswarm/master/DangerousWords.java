package io.aiswarm.master;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words that make a prompt too risky to answer automatically: destruction, privilege, secrets, production.
 * Deliberately broad: a false alarm costs a person a glance, a wrong answer can cost a database.
 */
public final class DangerousWords {
    /** The word found and the line it was found in. */
    public record Hit(String word, String line) {
    }

    private static final Pattern DANGER = Pattern.compile(String.join("|",
            "\\brm\\s+-[a-z]*[rf][a-z]*\\b", "\\brm(?=\\s)", "\\bshred\\b", "\\bmkfs\\b", "\\bdd\\s+if=",
            "\\bdelet(?:e|es|ed|ing|ion)\\b", "\\bremov(?:e|es|ed|ing|al)\\b", "\\bformat\\b", "\\bwipe\\b",
            "\\berase\\b", "\\bdestroy\\b", "\\bpurge\\b", "\\boverwrit(?:e|es|ing|ten)\\b",
            "\\bdrop\\s+(?:database|table|index|schema|user)\\b", "\\btruncate\\b",
            "\\b(?:p?kill|killall)(?:ed|s|ing)?\\b", "\\bterminat(?:e|es|ed|ing|ion)\\b",
            "\\bsudo\\b", "\\bchmod\\b", "\\bchown\\b", "\\breset\\s+--hard\\b", "--force\\b", "\\bpush\\s+-f\\b",
            "\\bpass(?:word|wd|phrase)s?\\b", "\\btokens?\\b", "\\bsecrets?\\b", "\\bcredentials?\\b", "\\bssh\\b",
            // "key" as a word, but not the key of "Press any key" / "the Enter key"
            "(?<!\\bany\\s)(?<!\\ba\\s)(?<!\\benter\\s)(?<!\\breturn\\s)\\bkeys?\\b", "[_-]key\\b", "\\bkey[_-]",
            "\\bprod\\b", "\\bproduction\\b",
            "删除", "生产", "密码", "密钥", "令牌", "格式化", "清空", "覆盖", "销毁", "强制"),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** An agent's own status banner, not part of any prompt: Gemini CLI's "Authenticated with gemini-api-key /auth". */
    private static final Pattern BANNER = Pattern.compile("^[^\\p{L}]*Authenticated with [\\w.-]+(?: /auth)?\\s*$");

    private DangerousWords() {
    }

    /** The first dangerous word in {@code lines}, searched from the bottom (nearest the prompt) up. */
    public static Optional<Hit> find(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (BANNER.matcher(lines.get(i)).find()) continue;
            Matcher m = DANGER.matcher(lines.get(i));
            if (m.find()) return Optional.of(new Hit(m.group(), lines.get(i)));
        }
        return Optional.empty();
    }
}
