package io.aiswarm.agent;

import io.aiswarm.master.PaneTerminal;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for Claude Code in a pane that shows the screens Claude Code 2.1.197 really showed (recorded): an
 * empty input box, text typed into it, a turn at work, a permission dialog. Typing and keys move it from one to
 * the next as the real one does; faults (text or Enters that get lost) are set per test. Records what was typed.
 */
final class RecordedClaude implements PaneTerminal {
    enum Screen { IDLE, TYPED, BUSY, DIALOG }

    private static final String IDLE = AgentScreens.load("claude-2.1.197-idle-fresh.txt");
    private static final String TYPED = AgentScreens.load("claude-2.1.197-idle-typed.txt");
    private static final String BUSY = AgentScreens.load("claude-2.1.197-busy.txt");
    private static final String DIALOG = AgentScreens.load("claude-2.1.197-waiting-bash.txt");

    private Screen screen;
    private boolean alive = true;
    int textsToDrop;
    int entersToDrop;
    final List<String> typed = new ArrayList<>();
    final List<String> pasted = new ArrayList<>();
    final List<String> keys = new ArrayList<>();

    RecordedClaude(Screen screen) {
        this.screen = screen;
    }

    Screen screen() {
        return screen;
    }

    void exit() {
        alive = false;
    }

    @Override
    public synchronized String capture(String workerId) {
        return switch (screen) {
            case IDLE -> IDLE;
            case TYPED -> TYPED;
            case BUSY -> BUSY;
            case DIALOG -> DIALOG;
        };
    }

    @Override
    public synchronized void sendText(String workerId, String text) {
        typed.add(text);
        take();
    }

    @Override
    public synchronized void paste(String workerId, String text) {
        pasted.add(text);
        take();
    }

    private void take() {
        if (textsToDrop > 0) {
            textsToDrop--;
        } else if (screen == Screen.IDLE || screen == Screen.TYPED) {
            screen = Screen.TYPED;
        }
    }

    @Override
    public synchronized void sendKey(String workerId, String key) {
        keys.add(key);
        if (key.equals("C-u") && screen == Screen.TYPED) screen = Screen.IDLE;
        if (key.equals("Enter") && screen == Screen.TYPED) {
            if (entersToDrop > 0) {
                entersToDrop--;
            } else {
                screen = Screen.BUSY;
            }
        }
    }

    @Override
    public boolean alive(String workerId) {
        return alive;
    }
}
