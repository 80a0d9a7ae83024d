package io.aiswarm.master;

import io.aiswarm.state.SwarmConfig;
import io.aiswarm.state.SwarmStateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The auto-rescue policy: safe by default. It presses Enter only for a bare "Press Enter to continue" with
 * nothing dangerous in sight; every question, confirmation or menu becomes HELP (a person decides), and the
 * swarm never types y/yes or picks a menu option. Stateless: cooldown and "already handled" live in
 * {@link AutoRescuer}.
 *
 * @param enabled false turns the rescuer off: every decision is NONE (still logged)
 * @param cooling minimum time between two Enters sent to the same pane
 * @param dryRun  decisions say what would be done; the master does nothing
 * @param allow   when set, Enter is sent only to prompts whose line matches it ({@code find()}); null = any
 * @param block   when set, any match in the last lines of the screen blocks every automatic action; null = none
 */
public record RescuePolicy(boolean enabled, Duration cooling, boolean dryRun, Pattern allow, Pattern block) {
    public static final String ENV_ENABLED = "AI_SWARM_AUTO_RESCUE_ENABLED";
    public static final String ENV_COOLING = "AI_SWARM_AUTO_RESCUE_COOLING";
    public static final String ENV_DRY_RUN = "AI_SWARM_AUTO_RESCUE_DRY_RUN";
    public static final String ENV_ALLOW = "AI_SWARM_AUTO_RESCUE_ALLOW";
    public static final String ENV_BLOCK = "AI_SWARM_AUTO_RESCUE_BLOCK";
    public static final Duration DEFAULT_COOLING = Duration.ofSeconds(30);

    /** Lines that ask for nothing but to go on: the only prompts answered automatically. */
    private static final Pattern BARE_PRESS_ENTER = Pattern.compile(
            "^[\\[(<*#>\\-=\\s]*(?:please\\s+)?(?:press|hit)\\s+(?:the\\s+)?(?:<?enter>?|<?return>?|any\\s+key|a\\s+key)"
                    + "(?:\\s+key)?(?:\\s+(?:to|when|and)\\s+(?:continue|resume|proceed|go\\s+on|go\\s+back|return"
                    + "|ready|close|exit))?"
                    + "(?:[\\s,]+or\\s+(?:ctrl|control|\\^)[-+ ]?c\\s+to\\s+(?:abort|cancel|quit|exit|stop))?"
                    + "[\\s.…:!)\\]>]*$"
                    + "|^(?:请)?按\\s*(?:回车|enter|任意键)(?:键)?(?:以?继续)?[。.…:：!！\\s]*$|^回车(?:键)?继续[。.…:：!！\\s]*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public RescuePolicy {
        if (cooling == null || cooling.isNegative()) cooling = DEFAULT_COOLING;
    }

    public static RescuePolicy defaults() {
        return new RescuePolicy(true, DEFAULT_COOLING, false, null, null);
    }

    public static RescuePolicy from(SwarmConfig config) {
        return from(config::setting);
    }

    /** From settings by name (empty or null = unset); a bad value names its variable and what it accepts. */
    public static RescuePolicy from(Function<String, String> setting) {
        return new RescuePolicy(
                bool(setting, ENV_ENABLED, true),
                seconds(setting, ENV_COOLING, DEFAULT_COOLING),
                bool(setting, ENV_DRY_RUN, false),
                regex(setting, ENV_ALLOW),
                regex(setting, ENV_BLOCK));
    }

    public Optional<Pattern> allowList() {
        return Optional.ofNullable(allow);
    }

    public Optional<Pattern> blockList() {
        return Optional.ofNullable(block);
    }

    /** The action for a detection, ignoring cooldown and history (see {@link AutoRescuer}). */
    public PolicyVerdict decide(Detection detection) {
        if (!detection.waiting()) {
            return new PolicyVerdict(RescueAction.NONE,
                    "no prompt waiting at the bottom of the screen (state: " + detection.state().jsonName() + ")");
        }
        PolicyVerdict verdict = rules(detection);
        if (!enabled) {
            return new PolicyVerdict(RescueAction.NONE, "auto-rescue disabled (" + ENV_ENABLED + "=false); policy would: "
                    + verdict.action() + " - " + verdict.reason());
        }
        return verdict;
    }

    private PolicyVerdict rules(Detection d) {
        Optional<DangerousWords.Hit> danger = DangerousWords.find(d.tail());
        if (danger.isPresent()) {
            return help("dangerous word '" + danger.get().word() + "' near the prompt (\"" + danger.get().line()
                    + "\"): never answered automatically, a person decides");
        }
        if (block != null) {
            for (String line : d.tail()) {
                if (block.matcher(line).find()) {
                    return help("blocked by config: " + ENV_BLOCK + " /" + block.pattern() + "/ matches \"" + line
                            + "\"; a person decides");
                }
            }
        }
        return switch (d.category()) {
            case CREDENTIAL -> help("asks for a secret or an identity: never typed into; a person types it in the pane");
            case CHOICE_MENU -> help("permission dialog or choice menu: the swarm never picks an option; a person decides");
            case INTERACTIVE_CONFIRM -> help("yes/no question: the swarm never types y/yes; a person decides");
            case CONFIRM_WORDING -> help("asks for confirmation: a person decides");
            case PRESS_ENTER -> pressEnter(d.matchedLine());
            case NONE -> new PolicyVerdict(RescueAction.NONE, "no prompt");
        };
    }

    private PolicyVerdict pressEnter(String line) {
        if (!BARE_PRESS_ENTER.matcher(line).find()) {
            return help("press-enter prompt that asks for more than going on: a person decides");
        }
        if (allow != null && !allow.matcher(line).find()) {
            return help("allow-list missed: " + ENV_ALLOW + " /" + allow.pattern()
                    + "/ does not match the prompt; a person decides");
        }
        return new PolicyVerdict(RescueAction.SEND_ENTER, "bare press-enter prompt, nothing dangerous in the last "
                + WaitPatternDetector.TAIL_LINES + " lines");
    }

    private static PolicyVerdict help(String reason) {
        return new PolicyVerdict(RescueAction.RAISE_HELP, reason);
    }

    private static boolean bool(Function<String, String> setting, String name, boolean fallback) {
        String raw = setting.apply(name);
        if (raw == null || raw.isBlank()) return fallback;
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                throw new SwarmStateException(name + "='" + raw + "' is not a boolean: use true/false (or 1/0, yes/no,"
                        + " on/off); unset it to use the default " + fallback);
        }
    }

    private static Duration seconds(Function<String, String> setting, String name, Duration fallback) {
        String raw = setting.apply(name);
        if (raw == null || raw.isBlank()) return fallback;
        try {
            double value = Double.parseDouble(raw.trim());
            if (value >= 0 && Double.isFinite(value)) return Duration.ofMillis(Math.round(value * 1000));
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SwarmStateException(name + "='" + raw + "' is not a number of seconds >= 0; unset it to use the"
                + " default " + fallback.toSeconds());
    }

    private static Pattern regex(Function<String, String> setting, String name) {
        String raw = setting.apply(name);
        if (raw == null || raw.isEmpty()) return null;
        try {
            return Pattern.compile(raw);
        } catch (PatternSyntaxException e) {
            throw new SwarmStateException(name + "='" + raw + "' is not a valid regular expression ("
                    + e.getDescription() + " near index " + e.getIndex() + "); fix it or unset it");
        }
    }
}
