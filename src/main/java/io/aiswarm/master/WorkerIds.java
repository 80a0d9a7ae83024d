package io.aiswarm.master;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Worker id helpers: worker-2 sorts before worker-10. */
public final class WorkerIds {
    private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)");

    /** Natural order: same prefix compared by number, otherwise by text. */
    public static final Comparator<String> ORDER = (a, b) -> {
        Matcher ma = NUMBERED.matcher(a);
        Matcher mb = NUMBERED.matcher(b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1)) && ma.group(2).length() < 19
                && mb.group(2).length() < 19) {
            int byNumber = Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
            if (byNumber != 0) return byNumber;
        }
        return a.compareTo(b);
    };

    private WorkerIds() {
    }
}
