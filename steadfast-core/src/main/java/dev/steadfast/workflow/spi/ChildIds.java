package dev.steadfast.workflow.spi;

/**
 * The id of a child run, as every engine names it: {@code <parent>.c<seq>}, the parent's id and the journal
 * place of the step that started it, so a replay finds the same child.
 */
public final class ChildIds {
    private ChildIds() {}

    /** The id of the child run that entry {@code seq} of run {@code parentId} starts. */
    public static String of(String parentId, int seq) {
        return parentId + ".c" + seq;
    }

    /** The parent's journal place in a child run's id. */
    public static int seq(String childId) {
        return Integer.parseInt(childId.substring(childId.lastIndexOf(".c") + 2));
    }
}
