package org.leadroutes.importing;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.leadroutes.crm.Json;
import org.leadroutes.mapping.MappedRow;

/**
 * Groups rows by company wherever they stand in the file, in bounded memory: mapped rows are spilled
 * to bucket files by a hash of their group key, so all rows of a company land in one bucket, and the
 * buckets are then grouped one at a time. A small file has one bucket, which keeps its lead order.
 */
public final class GroupSpill implements AutoCloseable {


    /** A group of more rows than this is not held in memory: its rows are read from the bucket file where used. */
    static final int ROWS_IN_MEMORY = 2_000;

    private final Path dir;
    private final BufferedWriter[] buckets;
    private final List<FileChannel> openBuckets = new CopyOnWriteArrayList<>();

    /**
     * @param dir a work folder of this drop, emptied first
     * @param fileSize the drop's size, which sets the bucket count
     * @param bytesPerBucket how much of the file one bucket should hold
     */
    public GroupSpill(Path dir, long fileSize, long bytesPerBucket) throws IOException {
        this.dir = dir;
        deleteQuietly();
        Files.createDirectories(dir);
        int count = (int) Math.max(1, Math.min(1024, (fileSize + bytesPerBucket - 1) / bytesPerBucket));
        buckets = new BufferedWriter[count];
        for (int i = 0; i < count; i++) {
            buckets[i] = Files.newBufferedWriter(bucket(i), StandardCharsets.UTF_8);
        }
    }


    public void add(MappedRow row) throws IOException {
        BufferedWriter w = buckets[Math.floorMod(row.groupKey().hashCode(), buckets.length)];
        w.write(Json.MAPPER.writeValueAsString(row));
        w.write('\n');
    }

    /** Finishes writing and walks the groups, one bucket in memory at a time, in first-seen order. */
    public Iterator<Map.Entry<String, List<MappedRow>>> groups() throws IOException {
        for (BufferedWriter w : buckets) {
            w.close();
        }
        return new Iterator<>() {
            private int next;
            private Iterator<Map.Entry<String, List<MappedRow>>> current = List.<Map.Entry<String, List<MappedRow>>>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < buckets.length) {
                    current = load(next++).entrySet().iterator();
                }
                return current.hasNext();
            }

            @Override
            public Map.Entry<String, List<MappedRow>> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /**
     * A bucket's groups, in first-seen order. A group's rows are in memory up to {@link #ROWS_IN_MEMORY}; a bigger
     * group (one company of 50,000 people) is read from the bucket file again, a row at a time, wherever its rows are
     * used ({@link SpilledRows}): only its offsets are held, so the heap holds the group's lead and not its rows too.
     */
    private Map<String, List<MappedRow>> load(int index) {
        Map<String, Rows> groups = new LinkedHashMap<>();
        Path path = bucket(index);
        boolean big = false;
        try (InputStream in = Files.newInputStream(path)) {
            byte[] chunk = new byte[64 * 1024];
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            long start = 0; // the offset of the line being read
            int n;
            while ((n = in.read(chunk)) != -1) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    line.write(chunk, from, i - from);
                    from = i + 1;
                    int length = line.size();
                    MappedRow row = Json.MAPPER.readValue(line.toByteArray(), MappedRow.class);
                    big |= groups.computeIfAbsent(row.groupKey(), k -> new Rows()).add(row, start, length);
                    start += length + 1;
                    line.reset();
                }
                line.write(chunk, from, n - from);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<MappedRow>> loaded = new LinkedHashMap<>();
        try {
            FileChannel channel = big ? FileChannel.open(path, StandardOpenOption.READ) : null;
            if (channel != null) {
                openBuckets.add(channel); // read until the drop ends; closed (and the folder deleted) by close()
            } else {
                Files.delete(path); // its rows are in memory now; no need to keep them twice
            }
            groups.forEach((key, rows) -> loaded.put(key, rows.inMemory != null ? rows.inMemory
                    : new SpilledRows(channel, rows.offsets, rows.lengths, rows.size)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded;
    }

    /** A group's rows while its bucket is read: the rows themselves while few, else where each is in the file. */
    private static final class Rows {
        private List<MappedRow> inMemory = new ArrayList<>(2);
        private long[] offsets = new long[16];
        private int[] lengths = new int[16];
        private int size;

        /** Returns whether the group is now read from the file. */
        boolean add(MappedRow row, long offset, int length) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                lengths = Arrays.copyOf(lengths, size * 2);
            }
            offsets[size] = offset;
            lengths[size] = length;
            size++;
            if (inMemory != null) {
                inMemory.add(row);
                if (inMemory.size() > ROWS_IN_MEMORY) {
                    inMemory = null;
                }
            }
            return inMemory == null;
        }
    }

    /**
     * The rows of a big group, read from the bucket file on each access (a positional read and a parse): a list
     * that holds nothing but where they are. Safe for several threads.
     */
    static final class SpilledRows extends AbstractList<MappedRow> implements RandomAccess {
        private final FileChannel channel;
        private final long[] offsets;
        private final int[] lengths;
        private final int size;

        SpilledRows(FileChannel channel, long[] offsets, int[] lengths, int size) {
            this.channel = channel;
            this.offsets = offsets;
            this.lengths = lengths;
            this.size = size;
        }

        @Override
        public MappedRow get(int index) {
            Objects.checkIndex(index, size);
            ByteBuffer buffer = ByteBuffer.allocate(lengths[index]);
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offsets[index] + buffer.position()) < 0) {
                        throw new EOFException("a spilled row is cut short");
                    }
                }
                return Json.MAPPER.readValue(buffer.array(), MappedRow.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int size() {
            return size;
        }
    }

    private Path bucket(int index) {
        return dir.resolve("bucket-" + index + ".jsonl");
    }

    @Override
    public void close() {
        for (FileChannel c : openBuckets) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is best effort; the folder is deleted next
            }
        }
        for (BufferedWriter w : buckets) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing is best effort; the folder is deleted next
            }
        }
        deleteQuietly();
    }

    private void deleteQuietly() {
        remove(dir);
    }

    /** Deletes a work folder a drop left (best effort: a leftover is emptied again on the next run). */
    static void remove(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover work folder is emptied again on the next run
        }
    }
}
