package io.tlsbio.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files named by flags, and the one-line error ({@code -CAfile F: no such file}) when one is
 * unusable.
 */
final class FlagFiles {

    private FlagFiles() {}

    /**
     * Fails with "FLAG FILE: no such file" (or the like) unless {@code file} is a readable file.
     */
    static void readable(String flag, Path file) {
        if (!Files.exists(file)) {
            throw new CliException(flag + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException(flag + " " + file + ": not a readable file");
        }
    }

    /**
     * Fails with "FLAG DIR: no such directory" (or the like) unless {@code dir} is a readable
     * directory.
     */
    static void readableDirectory(String flag, Path dir) {
        if (!Files.exists(dir)) {
            throw new CliException(flag + " " + dir + ": no such directory");
        }
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new CliException(flag + " " + dir + ": not a readable directory");
        }
    }

    /**
     * Runs {@code action}, which loads {@code file} into a builder, after checking that it is
     * readable; its failure becomes "FLAG: why" (the reader's message names the file).
     */
    static void load(String flag, Path file, Runnable action) {
        readable(flag.equals("-cert/-key") ? "-cert" : flag, file);
        loading(flag, action);
    }

    /** Runs {@code action}; an unreadable or unparsable input becomes "FLAG: why". */
    static void loading(String flag, Runnable action) {
        try {
            action.run();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new CliException(flag + ": " + CliException.why(e), e);
        }
    }

    /**
     * Runs {@code action}; an IllegalArgumentException (a value the builder rejects) becomes "FLAG:
     * why".
     */
    static void parse(String flag, Runnable action) {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            throw new CliException(flag + ": " + e.getMessage(), e);
        }
    }
}
