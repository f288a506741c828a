package org.leadroutes.importing.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * What a dropped file is on disk, read without opening it and without following a link: only a regular file
 * inside the inbox is read. A symbolic link (to anything: {@code /etc/passwd}, a CSV elsewhere, nothing) and a
 * named pipe, device or socket are refused with a {@link NotAFileException} before any open, so nothing outside
 * the inbox is read and a pipe with no writer cannot hold the importer. The size and modification time read here,
 * when the drop starts, are compared with the file's at its end ({@link #changeSince}): a file still being written
 * is never reported done over rows it did not read.
 *
 * @param size     bytes when the drop started
 * @param modified modification time when the drop started (epoch milliseconds)
 */
public record DropStamp(long size, long modified) {

    /** The file is not a regular file: nothing of it was opened. */
    static final class NotAFileException extends BadDropException {
        NotAFileException(String message) {
            super(message);
        }
    }

    /** The regular file at {@code path}, as it is now; anything else is refused unopened. */
    public static DropStamp of(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new NotAFileException("a symbolic link, not a file: links are not followed, so nothing it points to"
                    + " was read; copy (or move) the file itself into the inbox");
        }
        if (attributes.isDirectory()) {
            throw new NotAFileException("a folder, not a file: drop the files it holds");
        }
        if (!attributes.isRegularFile()) {
            throw new NotAFileException(special(path) + ", not a file: it was not opened (reading it could wait for"
                    + " ever); the inbox reads regular files: write the rows to a .csv file and drop that");
        }
        return new DropStamp(attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    /** What a special file is, by its type bits where the file system says them. */
    private static String special(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & 0170000) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a pipe, device or socket";
        }
    }

    /**
     * How the file at {@code path} differs from this stamp (grown, shrunk, rewritten, gone), or null when it has
     * the same size and modification time.
     */
    public String changeSince(Path path) {
        DropStamp now;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            now = new DropStamp(a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return "it is gone from the inbox (" + e.getClass().getSimpleName() + ")";
        }
        if (now.equals(this)) {
            return null;
        }
        String what = now.size > size ? "it grew from " + size + " to " + now.size + " bytes"
                : now.size < size ? "it shrank from " + size + " to " + now.size + " bytes"
                : "it was rewritten (" + size + " bytes)";
        return what + ", modified at " + Instant.ofEpochMilli(now.modified) + " (read as of "
                + Instant.ofEpochMilli(modified) + ")";
    }
}
