package org.leadroutes.importing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import org.leadroutes.crm.Json;
import org.leadroutes.mapping.MappedRow;

/**
 * Groups rows by company wherever they stand in the file, in bounded memory: mapped rows are spilled
 * to bucket files by a hash of their group key, so all rows of a company land in one bucket, and the
 * buckets are then grouped one at a time. A small file has one bucket, which keeps its lead order.
 */
public final class GroupSpill implements AutoCloseable {


    private final Path dir;
    private final BufferedWriter[] buckets;

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

    private Map<String, List<MappedRow>> load(int index) {
        Map<String, List<MappedRow>> groups = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(bucket(index), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                MappedRow row = Json.MAPPER.readValue(line, MappedRow.class);
                groups.computeIfAbsent(row.groupKey(), k -> new ArrayList<>(2)).add(row);
            }
            Files.delete(bucket(index)); // its rows are in memory now; no need to keep them twice
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return groups;
    }

    private Path bucket(int index) {
        return dir.resolve("bucket-" + index + ".jsonl");
    }

    @Override
    public void close() {
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
