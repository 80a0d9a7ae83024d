package io.aiswarm.answer;

/** One numbered option of a dialog or menu on a screen: its number, its text, and whether the cursor is on it. */
public record MenuOption(int number, String text, boolean highlighted) {
    @Override
    public String toString() {
        return number + ". " + text;
    }
}
