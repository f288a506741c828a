package org.leadroutes.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Markdown document's fenced code blocks: the commands and output a document shows a user. */
record Markdown(Path file, List<Block> blocks) {

    /** A fenced block: its language ({@code bash}, {@code properties}, empty) and its text. */
    record Block(String language, String text) {
    }

    static Markdown read(Path file) throws IOException {
        List<Block> blocks = new ArrayList<>();
        String language = null;
        int indent = 0; // a block inside a list item is indented as its fence is
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String fence = line.strip();
            if (fence.startsWith("```")) {
                if (language == null) {
                    language = fence.substring(3).strip();
                    indent = line.indexOf('`');
                    text.setLength(0);
                } else {
                    blocks.add(new Block(language, text.toString()));
                    language = null;
                }
            } else if (language != null) {
                int blank = 0;
                while (blank < Math.min(indent, line.length()) && line.charAt(blank) == ' ') {
                    blank++;
                }
                text.append(line.substring(blank)).append('\n');
            }
        }
        return new Markdown(file, List.copyOf(blocks));
    }

    /** The text of the one block that holds {@code fragment}. */
    String blockContaining(String fragment) {
        List<Block> found = blocks.stream().filter(b -> b.text().contains(fragment)).toList();
        if (found.size() != 1) {
            throw new AssertionError(file + ": " + found.size() + " blocks hold \"" + fragment + "\"");
        }
        return found.get(0).text();
    }

    /** The command (continuation lines joined) of a shell block that holds {@code fragment}. */
    String commandContaining(String fragment) {
        String joined = blockContaining(fragment).replace("\\\n", " ");
        return joined.lines().filter(l -> l.contains(fragment)).map(String::strip).findFirst().orElseThrow();
    }

    /** The commands of the one shell block holding {@code fragment}, continuation lines joined, comments left out. */
    List<String> commandsOfBlock(String fragment) {
        return blockContaining(fragment).replace("\\\n", " ").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
