package org.leadroutes.exporting;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.FileOperations;
import org.apache.camel.component.file.GenericFileExist;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.GenericFileProducer;
import org.apache.camel.component.file.remote.FtpEndpoint;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends the rendered file to the target with Camel's producer for it. A run holding a firing's claim confirms it
 * ({@link FiringClaims.Claim#confirm()}) right before the file becomes visible under its name: the file and (s)ftp
 * producers write under a temporary name, then (after deleting a file already there under the final name) rename;
 * their operations are wrapped so that the claim is confirmed right before that delete and that rename, on the
 * connection the upload used. A run whose claim was taken over meanwhile leaves what is there as it is and removes
 * its own temporary file. Another component has no such step: the claim is confirmed right before the send; so
 * it is for FTP (and FTPS) with {@code fileExist=Move}, whose move strategy needs Camel's own operations.
 */
final class FencedPublish {

    private FencedPublish() {
    }

    /**
     * Sends the exchange's body to the endpoint and throws what the producer failed with.
     *
     * @param claim   the run's claim on its firing, or null when nothing else may publish its file
     * @param ownTemp the part of the temporary name unique to this run (only its own temporary file is removed
     *                when its claim was taken over); null when the name is not the run's own
     */
    static void send(Endpoint endpoint, Exchange exchange, FiringClaims.Claim claim, String ownTemp) throws Exception {
        Producer producer = endpoint.createProducer();
        Throwable thrown = null;
        try {
            if (claim != null && !fence(endpoint, producer, claim, ownTemp)) {
                claim.confirm(); // a component that does not rename (or not through its operations): the send is unfenced
            }
            ServiceHelper.startService(producer);
            producer.process(exchange);
        } catch (Throwable e) {
            thrown = e;
            throw e;
        } finally {
            try {
                ServiceHelper.stopAndShutdownService(producer);
            } catch (RuntimeException e) {
                if (thrown == null) {
                    throw e;
                }
                thrown.addSuppressed(e); // the failure that matters is the send's
            }
        }
        Exception failed = exchange.getException();
        if (failed != null) {
            exchange.setException(null); // thrown, so the flow's doCatch sees it as it saw the producer's
            throw failed;
        }
    }

    /**
     * Gives a file or (s)ftp producer operations that confirm the claim before touching the final name; false when
     * its operations are left as they are (the claim is then confirmed before the send).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static boolean fence(Endpoint endpoint, Producer producer, FiringClaims.Claim claim, String ownTemp)
            throws Exception {
        if (!(producer instanceof GenericFileProducer files)) {
            return false;
        }
        GenericFileOperations<?> operations;
        if (endpoint instanceof FileEndpoint file) {
            operations = new FileOperations(file);
        } else if (endpoint instanceof FtpEndpoint<?> ftp && ftp.getFileExist() == GenericFileExist.Move) {
            // Camel's FTP move-existing strategy casts the operations to its own class: they cannot be wrapped
            return false;
        } else if (endpoint instanceof RemoteFileEndpoint<?> remote) {
            operations = remote.createRemoteFileOperations();
        } else {
            return false;
        }
        files.setOperations((GenericFileOperations) fenced(operations, claim, ownTemp));
        return true;
    }

    /**
     * The operations, with the claim confirmed right before a delete (but of this run's own file) or a rename, and
     * the temporary file this run stored removed (best effort) when anything fails after it was stored.
     */
    private static Object fenced(GenericFileOperations<?> operations, FiringClaims.Claim claim, String ownTemp) {
        String[] stored = new String[1]; // this run's own temporary file, once the upload began
        boolean[] visible = new boolean[1]; // renamed to its final name: what follows (a done file) is not fenced
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (visible[0]) {
                return invoke(operations, method, args);
            }
            boolean ownFile = args != null && args.length >= 1 && args[0] instanceof String file
                    && (file.equals(stored[0]) || ours(file, ownTemp));
            try {
                if (name.equals("renameFile") && args != null && args.length == 2) {
                    claim.confirm();
                } else if (name.equals("deleteFile") && args != null && args.length == 1 && !ownFile) {
                    // the file published under the final name (maybe by the run that took the claim), deleted right
                    // before the rename (eagerDeleteTargetFile=false): this run's upload is complete by now
                    claim.confirm();
                } else if (name.equals("storeFile") && args != null && args[0] instanceof String file
                        && ours(file, ownTemp)) { // a temporary name of the user's own may be another run's too
                    stored[0] = file;
                }
                Object result = invoke(operations, method, args);
                if (Boolean.FALSE.equals(result) && (name.equals("storeFile") || name.equals("renameFile")
                        || name.equals("deleteFile") && !ownFile)) {
                    removeStored(operations, stored); // the producer fails on this answer
                } else if (name.equals("renameFile") && args[0] instanceof String from && from.equals(stored[0])) {
                    stored[0] = null; // published: the temporary name is gone
                    visible[0] = true;
                }
                return result;
            } catch (Throwable e) {
                if (!(name.equals("deleteFile") && ownFile)) {
                    removeStored(operations, stored);
                }
                throw e;
            }
        };
        return Proxy.newProxyInstance(operations.getClass().getClassLoader(), interfaces(operations.getClass()), handler);
    }

    /** Calls the real operations, throwing what they threw (not the reflection's wrapper). */
    private static Object invoke(GenericFileOperations<?> operations, java.lang.reflect.Method method, Object[] args)
            throws Throwable {
        try {
            return method.invoke(operations, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean ours(Object file, String ownTemp) {
        return ownTemp != null && file instanceof String name && name.contains(ownTemp);
    }

    /** Deletes the temporary file this run stored, if any: left behind, it is a temporary name no one reads. */
    private static void removeStored(GenericFileOperations<?> operations, String[] stored) {
        String file = stored[0];
        stored[0] = null;
        if (file == null) {
            return;
        }
        try {
            operations.deleteFile(file);
        } catch (RuntimeException e) {
            // the connection is gone, or the file never came to be: nothing more to do from here
        }
    }

    private static Class<?>[] interfaces(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                all.add(i);
            }
        }
        return all.toArray(new Class<?>[0]);
    }
}
