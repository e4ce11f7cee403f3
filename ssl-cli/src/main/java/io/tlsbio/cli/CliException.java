package io.tlsbio.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A failure the user can act on: a bad flag value, an unreadable file, a port in use, a refused
 * connection, a failed handshake. {@link Main} prints its message as one line on stderr and exits
 * with status 1; the stack trace only with {@code -stack_traces}.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A short human reason for {@code e}: "no such file", "permission denied", or its message. File
     * exceptions carry only the path as message, which the caller already prints.
     */
    static String why(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return why(u.getCause());
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
