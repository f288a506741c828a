package org.leadroutes.embedding;

/** A {@code leads.*} setting that is unknown or whose value cannot be used; the message names the key. */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
