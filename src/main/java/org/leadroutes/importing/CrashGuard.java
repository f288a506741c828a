package org.leadroutes.importing;

import java.util.Iterator;

/** The iterators the import flow's splits read, made safe to fail: an Error becomes an exception the flow catches. */
final class CrashGuard {

    private CrashGuard() {
    }

    /**
     * An iterator the flow's split reads, with any Error it throws (a StackOverflowError, an OutOfMemoryError, a
     * LinkageError) turned into an exception: the split hands an exception to the flow's doCatch, which fails the
     * drop with a report, while an Error would leave the drop in flight and its file locked in the inbox, with
     * the inbox consumer passing it over for ever. Once it has failed it has no more elements (the split looks
     * again as it releases its parts).
     */
    static <T> Iterator<T> guarded(Iterator<T> iterator) {
        return new Iterator<>() {
            private boolean failed;

            @Override
            public boolean hasNext() {
                if (failed) {
                    return false;
                }
                return guarded(iterator::hasNext);
            }

            @Override
            public T next() {
                return guarded(iterator::next);
            }

            /** A failure ends the iteration; an Error becomes an exception the flow catches. */
            private <R> R guarded(java.util.function.Supplier<R> step) {
                try {
                    return step.get();
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
                } catch (Error e) {
                    failed = true;
                    throw new DropCrashedException(e);
                }
            }
        };
    }

    /** An Error met while a split read the drop, as an exception the flow can catch. */
    static final class DropCrashedException extends RuntimeException {
        DropCrashedException(Error cause) {
            super(cause.toString(), cause);
        }
    }

}
