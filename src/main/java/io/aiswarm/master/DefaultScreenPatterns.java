package io.aiswarm.master;

import static io.aiswarm.master.PatternCategory.CHOICE_MENU;
import static io.aiswarm.master.PatternCategory.CONFIRM_WORDING;
import static io.aiswarm.master.PatternCategory.CREDENTIAL;
import static io.aiswarm.master.PatternCategory.INTERACTIVE_CONFIRM;
import static io.aiswarm.master.PatternCategory.PRESS_ENTER;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The generic screen rules: prompts of shells, installers and the agent CLIs seen here (Claude Code, Codex,
 * Gemini), plus the markers of a busy or idle screen. Agent profiles can supply their own lists instead.
 * Patterns run against one normalised line each (see {@link ScreenTail}).
 */
public final class DefaultScreenPatterns {
    private DefaultScreenPatterns() {
    }

    /** In precedence order within a category: the first pattern of the best category that matches is reported. */
    public static final List<WaitPattern> WAIT = List.of(
            // Secrets and identities, the cursor at the end of the line: "[sudo] password for ann:", "Password:",
            // "Enter passphrase for key '/home/a/.ssh/id_ed25519':", "Username for 'https://github.com':".
            WaitPattern.of("sudo-password", CREDENTIAL, "^\\[sudo\\] password for [^:]{1,64}:$"),
            WaitPattern.of("ssh-passphrase", CREDENTIAL, "^enter (?:the )?passphrase\\b.{0,200}:$"),
            WaitPattern.of("git-credential", CREDENTIAL, "^(?:password|username) for '?[a-z][a-z0-9+.-]*://.{1,200}:$"),
            WaitPattern.of("secret-prompt", CREDENTIAL, "^.{0,60}?\\b(?:password|passphrase|passcode|pin(?: code)?"
                    + "|one[- ]time (?:code|password)|otp(?: code)?|2fa code|mfa code|verification code"
                    + "|authentication code|security code|api[ _-]?key|access token|token|username|user ?name|login)"
                    + "(?: \\([^)]{0,40}\\))?(?: for [^:]{1,100})?:$"),
            // A box that asks for a key or a secret (Gemini CLI's "Enter Gemini API Key" / "Paste your API key here").
            // (a line that ends in ':' is a one-line prompt above: answered once anything follows it)
            WaitPattern.of("secret-box", CREDENTIAL, "^(?:please\\s+)?(?:enter|paste|type)\\b.{0,40}\\b(?:api[ _-]?key"
                    + "|password|passphrase|pin|one[- ]time (?:code|password)|verification code)\\b(?!.*:$)", 10),

            // Permission dialogs: report the question line when it is there, else the highlighted option.
            WaitPattern.of("claude-proceed", CHOICE_MENU, "^Do you want to proceed\\?$"),
            WaitPattern.of("claude-file-change", CHOICE_MENU,
                    "^Do you want to (?:create|make this edit to|make this change to|overwrite|delete|write to) .+\\?$"),
            WaitPattern.of("claude-trust-folder", CHOICE_MENU,
                    "Is this a project you created or one you trust\\?|^Quick safety check\\b"),
            WaitPattern.of("codex-approval", CHOICE_MENU,
                    "^Would you like to (?:run the following command|make the following edits|apply these changes)\\b.*\\?$"),
            WaitPattern.of("gemini-approval", CHOICE_MENU,
                    "^(?:\\?\\s+)?(?:Allow execution of\\b.*\\?|Apply this change\\?|Allow .{1,80} to run\\?)$"),
            // "❯ 1. Yes", "› 1. Yes, proceed (y)", "● 1. Allow once": a cursor glyph on a numbered option.
            WaitPattern.of("numbered-choice", CHOICE_MENU, "^[❯›▶►●→]\\s?\\d{1,2}[.)]\\s+\\S"),
            // The footer of a menu whose options have no numbers ("❯ No (recommended)"): Claude Code's
            // "Enter to confirm · Esc to cancel", Codex's "enter continue · esc back".
            WaitPattern.of("dismiss-footer", CHOICE_MENU, "\\besc (?:to )?dismiss\\b"), // Codex's startup warnings
            WaitPattern.of("menu-footer", CHOICE_MENU,
                    "^\\(?(?:press )?enter to (?:confirm|select|continue)\\b.{0,40}\\besc\\b|^enter \\w+ · esc \\w+"),

            // [y/n] [Y/n] [y/N] (y/n) [yes/no] (yes/no/[fingerprint])? npx's (y) - only when nothing was typed after.
            WaitPattern.of("yes-no-brackets", INTERACTIVE_CONFIRM,
                    "[\\[(]\\s*y(?:es)?\\s*(?:/\\s*no?(?:\\s*/[^\\])]{0,30})?\\s*)?[\\])][^\\p{L}\\p{N}]{0,4}$"),
            // Aider: "Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:"
            WaitPattern.of("aider-yes-no", INTERACTIVE_CONFIRM, "\\(Y\\)es/\\(N\\)o\\b.*[:?]$"),
            WaitPattern.of("yes-or-no-words", INTERACTIVE_CONFIRM,
                    "(?:^|[^\\p{L}])['\"]?(?:y|yes)['\"]?\\s+or\\s+['\"]?(?:n|no)['\"]?[^\\p{L}\\p{N}]{0,4}$"),
            WaitPattern.of("yes-no-zh", INTERACTIVE_CONFIRM, "[（(\\[]\\s*(?:是|y)\\s*/\\s*(?:否|n)\\s*[）)\\]][^\\p{L}\\p{N}]{0,4}$"),

            // Confirmation wording only on a line that reads as a prompt, never in ordinary prose.
            WaitPattern.of("are-you-sure", CONFIRM_WORDING, "\\bare you sure\\b.*[?？:：]$"),
            WaitPattern.of("confirm-prompt", CONFIRM_WORDING,
                    "^(?:please\\s+)?confirm\\b|\\bconfirm\\b.*[?？]$"),
            WaitPattern.of("confirm-zh", CONFIRM_WORDING, "确认.*[?？:：]$|^请确认|确定吗|是否(?:继续|确认|确定)"),
            WaitPattern.of("do-you-want", CONFIRM_WORDING, "^(?:do|would) you (?:want|like) to\\b.*\\?$"),

            WaitPattern.of("press-enter", PRESS_ENTER,
                    "\\b(?:press|hit)\\s+(?:the\\s+)?<?(?:enter|return)>?\\b|\\bpress\\s+(?:any|a)\\s+key\\b"),
            WaitPattern.of("press-enter-zh", PRESS_ENTER, "按\\s*(?:回车|enter|任意键)|回车(?:键)?继续"));

    /** A screen that is working on something: spinners and "esc to interrupt" footers. */
    public static final List<Pattern> BUSY = compile(
            "esc to interrupt",
            "\\(esc to cancel, \\d+s\\)",           // Gemini: "⠇ Thinking... (esc to cancel, 3s)"
            "^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\\s",                      // braille spinners
            "^•\\s+Working\\b",                      // Codex: "• Working (3s • esc to interrupt)"
            "^[·✢✳✶✻✽∗*]\\s*\\S+…");                 // Claude spinner "✶ Pondering… (12s)"; not "✻ Worked for 16s"

    /** A screen ready for input: an agent's empty input box or a shell prompt. */
    public static final List<Pattern> IDLE = compile(
            "\\? for shortcuts",                     // Claude Code's idle footer
            "^[❯›>]$",                                // an empty input box (Claude "❯" + NBSP, normalised)
            "^>\\s+Type your message",                // Gemini
            "^›\\s+Ask Codex",                        // Codex
            "^(?:\\([^)]*\\)\\s)?[\\w.@:~/+-]*[$#]$"); // shell: "$", "user@host:~/dir$", "(venv) root@h:/#"

    private static List<Pattern> compile(String... regexes) {
        return Arrays.stream(regexes)
                .map(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE))
                .toList();
    }
}
