package dev.runbook.exec.inventory;

/** An inventory file that cannot be read as one: the message names the file and the line, and says what to write. */
public final class InventoryException extends Exception {
    private final String file;
    private final int line;

    public InventoryException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
