package dev.runbook.source;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A runbook or module text and where it came from. Immutable. */
public final class Source {
    private final String name;
    private final Path path;
    private final String text;
    private final int[] lineStarts;

    public Source(String name, Path path, String text) {
        this.name = name;
        this.path = path;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') starts.add(i + 1);
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public static Source of(String name, String text) {
        return new Source(name, null, text);
    }

    /** Reads a file as UTF-8; malformed bytes are an error rather than silently replaced. */
    public static Source read(Path path, String displayName) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            return new Source(displayName, path, text);
        } catch (CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text", e);
        }
    }

    public String name() { return name; }

    /** The file on disk, or null for an in-memory or built-in text. */
    public Path path() { return path; }

    public String text() { return text; }

    public int lineCount() { return lineStarts.length; }

    /** The text of a 1-based line, without its line break. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int from = lineStarts[line - 1];
        int to = line < lineStarts.length ? lineStarts[line] : text.length();
        while (to > from && (text.charAt(to - 1) == '\n' || text.charAt(to - 1) == '\r')) to--;
        return text.substring(from, to);
    }

    /** The span of [start, end) offsets, with line and code point columns. */
    public Span span(int start, int end) {
        int line = lineOf(start);
        int endLine = lineOf(Math.max(start, end));
        return new Span(start, end, line, columnOf(line, start), endLine, columnOf(endLine, end));
    }

    public String slice(Span span) {
        return text.substring(span.start(), Math.min(span.end(), text.length()));
    }

    private int lastLine;

    private int lineOf(int offset) {
        // spans come mostly in source order: try the line of the previous lookup first
        int guess = lastLine;
        if (guess < lineStarts.length && lineStarts[guess] <= offset
                && (guess + 1 == lineStarts.length || lineStarts[guess + 1] > offset)) {
            return guess + 1;
        }
        int lo = 0, hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        lastLine = lo;
        return lo + 1;
    }

    private int columnOf(int line, int offset) {
        int from = lineStarts[line - 1];
        return text.codePointCount(from, Math.min(offset, text.length())) + 1;
    }

    @Override
    public String toString() {
        return name;
    }
}
