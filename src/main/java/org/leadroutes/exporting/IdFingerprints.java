package org.leadroutes.exporting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The lead ids a run has written, as 64-bit fingerprints (the first 8 bytes of SHA-256) in an
 * open-addressing table: about 16 bytes per lead instead of a few hundred for a set of strings, so a
 * run of millions of leads dedupes in a few MB. Two different ids share a fingerprint with a
 * probability of about n^2 / 2^65 (1e-8 for a million leads).
 */
final class IdFingerprints {

    private final MessageDigest sha256;
    private long[] table = new long[1 << 12];
    private int size;

    IdFingerprints() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the id; false when it was there already. */
    boolean add(String id) {
        long fingerprint = fingerprint(id);
        if (size * 2 >= table.length) {
            grow();
        }
        return insert(table, fingerprint);
    }

    int size() {
        return size;
    }

    private boolean insert(long[] into, long fingerprint) {
        int mask = into.length - 1;
        for (int i = (int) (fingerprint ^ (fingerprint >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (into[i] == 0) {
                into[i] = fingerprint;
                if (into == table) {
                    size++;
                }
                return true;
            }
            if (into[i] == fingerprint) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (long fingerprint : old) {
            if (fingerprint != 0) {
                int mask = bigger.length - 1;
                int i = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
                while (bigger[i] != 0) {
                    i = (i + 1) & mask;
                }
                bigger[i] = fingerprint;
            }
        }
        table = bigger;
    }

    private long fingerprint(String id) {
        byte[] digest = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
        long f = 0;
        for (int i = 0; i < 8; i++) {
            f = f << 8 | (digest[i] & 0xFF);
        }
        return f == 0 ? 1 : f; // 0 marks an empty slot
    }
}
