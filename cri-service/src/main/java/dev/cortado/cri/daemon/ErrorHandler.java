package dev.cortado.cri.daemon;

import dev.cortado.errors.CortadoException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failed command's error as one clear line (no stack trace for known kinds). */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
        if (error instanceof CortadoException ce) {
            command.getErr().println("cortado: " + ce.getMessage());
        } else {
            command.getErr().println("cortado: unexpected error: " + error);
            error.printStackTrace(command.getErr());
        }
        return 1;
    }
}
